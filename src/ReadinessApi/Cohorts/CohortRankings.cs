using ReadinessApi.Infrastructure.Caching;
using ReadinessApi.Scoring;
using ReadinessApi.Scoring.Cohorts;

namespace ReadinessApi.Cohorts;

/// <summary>
/// Cohort rankings through the result cache, keyed by everything a ranking depends on: the
/// methodology's hash (so a derived what-if methodology gets its own entry), the cohort's id and content
/// hash (so a changed table never returns a stale ranking), and the payload's shape version.
/// </summary>
public sealed class CohortRankings(ResultCache cache)
{
    public const string CacheKind = "ranking";
    // Bump when CohortRanking's serialised shape changes, so old entries are never read as new ones.
    private const string PayloadVersion = "2";

    public static CacheKey KeyOf(Cohort cohort, Methodology methodology) =>
        CacheKey.For(CacheKind).Add(PayloadVersion).Add(methodology.Hash).Add(cohort.Id).Add(cohort.Hash);

    /// <summary>The ranking of <paramref name="cohort"/> under <paramref name="methodology"/>, and what the cache did.</summary>
    public ValueTask<CacheResult<CohortRanking>> GetAsync(Cohort cohort, Methodology methodology, CancellationToken cancellationToken = default) =>
        cache.GetOrCreateAsync(KeyOf(cohort, methodology),
            _ => ValueTask.FromResult(CohortRanking.Compute(methodology, cohort)), cancellationToken);
}
