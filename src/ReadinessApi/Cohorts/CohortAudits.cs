using ReadinessApi.Infrastructure.Caching;
using ReadinessApi.Scores;
using ReadinessApi.Scoring;
using ReadinessApi.Scoring.Audit;
using ReadinessApi.Scoring.Cohorts;
using ReadinessApi.Scoring.Groups;

namespace ReadinessApi.Cohorts;

/// <summary>
/// Cohort audits through the result cache, keyed by everything an audit depends on: the methodology's hash,
/// the cohort's id and content hash, and the peer group's members kept (so a changed group is never served
/// a stale audit).
/// </summary>
public sealed class CohortAudits(ResultCache cache)
{
    public const string CacheKind = "audit";
    // Bump when AuditResponse's shape changes, so old entries are never read as new ones.
    private const string PayloadVersion = "1";

    public ValueTask<CacheResult<AuditResponse>> GetAsync(Cohort cohort, Methodology m, PeerGroup? group, CancellationToken cancellationToken)
    {
        var bound = cohort.Bind(m);
        var countries = bound.Countries.ToList();
        var keep = Enumerable.Range(0, countries.Count)
            .Where(k => group is null || group.Members.Contains(countries[k], StringComparer.Ordinal)).ToList();
        var key = CacheKey.For(CacheKind).Add(PayloadVersion).Add(m.Hash).Add(cohort.Id).Add(cohort.Hash)
            .Add(group?.Id ?? "-").Add(keep.Select(k => countries[k]));
        return cache.GetOrCreateAsync(key, _ => ValueTask.FromResult(
            Audit(m, cohort.Id, group?.Id, [.. keep.Select(k => countries[k])], [.. keep.Select(k => bound.Rows[k])])), cancellationToken);
    }

    /// <summary>The audit and its response: pure, so the cache may share it between identical requests.</summary>
    public static AuditResponse Audit(Methodology m, string cohort, string? group, IReadOnlyList<string> countries, IReadOnlyList<double[]> rows)
    {
        var a = IndexAudit.Run(m, rows, countries);
        var notes = new List<string>
        {
            "Missing values are handled pairwise: each figure is over the members that have every value it needs; count says how many, missing names the others.",
            "Indicators describe the raw inputs as the cohort holds them. Skewness is the adjusted Fisher–Pearson G1 and kurtosis the excess kurtosis G2 (sample-adjusted, as Excel's SKEW and KURT and COINr; 0 for a normal distribution). Outlier: |skewness| > 2 and kurtosis > 3.5 (the JRC rule).",
            "Correlations, Cronbach's alpha (variances and covariances pairwise) and importance use the 0–100 node values the index is built from, under the methodology as published (re-weighting over missing data).",
            $"Importance: the first-order effect of a node on the index, estimated as the correlation ratio η² of a local-linear smoother (Gaussian kernel, bandwidth by leave-one-out cross-validation; Paruolo, Saisana and Saltelli 2013), with r² beside it. Shares are over the level's nodes with data, against the nominal effective weights renormalised over the same nodes; a ratio beyond {IndexAudit.ImportanceFactor} or below 1/{IndexAudit.ImportanceFactor} is flagged.",
            $"Flags: a negative correlation with the parent; r < {IndexAudit.WeakBelow} with the parent (weak); |r| > {IndexAudit.RedundantAbove} between siblings (redundant); outliers; importance against weight.",
        };
        if (group is not null)
        {
            notes.Add($"Only the cohort's members in peer group '{group}' were audited.");
        }
        return new AuditResponse(MethodologyReference.Of(m), cohort, group, a.Members, a.Indicators, a.Nodes, a.Importance, a.Flags, a.Correlations, notes);
    }
}
