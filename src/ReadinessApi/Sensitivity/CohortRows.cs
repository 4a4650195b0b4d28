using ReadinessApi.Scoring;

namespace ReadinessApi.Sensitivity;

/// <summary>A reference cohort's members bound to one methodology's nodes.</summary>
/// <param name="Id">The cohort id.</param>
/// <param name="Hash">Content hash of the cohort: results computed over it are cached under it.</param>
/// <param name="Countries">ISO alpha-3 codes, aligned with <paramref name="Rows"/>.</param>
/// <param name="Rows">Node-indexed inputs per member (NaN: no value), as <see cref="InputBinder"/> binds them.</param>
public sealed record CohortRowSet(string Id, string Hash, IReadOnlyList<string> Countries, IReadOnlyList<double[]> Rows)
{
    /// <summary>
    /// The members a peer group admits, in cohort order. The hash covers the cohort's and the members kept,
    /// so a result cached for a group is never served after the group's membership (or the cohort) changes.
    /// </summary>
    public CohortRowSet Within(string group, Func<string, bool> isMember)
    {
        var keep = Enumerable.Range(0, Rows.Count).Where(r => isMember(Countries[r])).ToList();
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            $"{Hash}\ngroup:{group}\n{string.Join(',', keep.Select(r => Countries[r]))}")));
        return new CohortRowSet(Id, hash, [.. keep.Select(r => Countries[r])], [.. keep.Select(r => Rows[r])]);
    }
}

/// <summary>
/// Where sensitivity and what-if comparisons find reference cohorts. The cohorts feature registers the
/// implementation; until it does, <see cref="NoCohortRows"/> knows no cohort and such requests are 404s.
/// </summary>
public interface ICohortRows
{
    /// <summary>False when there is no cohort <paramref name="id"/>; otherwise its members bound to <paramref name="methodology"/>.</summary>
    bool TryGet(string id, Methodology methodology, out CohortRowSet rows);
}

/// <summary>The stand-in until reference cohorts are loaded: every id is unknown.</summary>
public sealed class NoCohortRows : ICohortRows
{
    public bool TryGet(string id, Methodology methodology, out CohortRowSet rows)
    {
        rows = null!;
        return false;
    }
}
