using ReadinessApi.Scoring;
using ReadinessApi.Scoring.Cohorts;

namespace ReadinessApi.Cohorts;

/// <summary>A reference cohort's members (or a request's items) bound to one methodology's nodes.</summary>
/// <param name="Id">The cohort id.</param>
/// <param name="Hash">Content hash of the rows: results computed over them are cached under it.</param>
/// <param name="Countries">ISO alpha-3 codes, aligned with <paramref name="Rows"/>.</param>
/// <param name="Rows">Node-indexed inputs per member (NaN: no value), as <see cref="InputBinder"/> binds them.</param>
public sealed record CohortRowSet(string Id, string Hash, IReadOnlyList<string> Countries, IReadOnlyList<double[]> Rows)
{
    /// <summary>The cohort's members bound to <paramref name="methodology"/> (a member it cannot take has a row of NaN).</summary>
    public static CohortRowSet Of(Cohort cohort, Methodology methodology)
    {
        var bound = cohort.Bind(methodology);
        return new CohortRowSet(cohort.Id, cohort.Hash, [.. bound.Countries], bound.Rows);
    }

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
