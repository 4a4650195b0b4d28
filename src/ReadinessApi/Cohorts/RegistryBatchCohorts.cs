using ReadinessApi.Batch;
using ReadinessApi.Scoring;
using ReadinessApi.Scoring.Cohorts;

namespace ReadinessApi.Cohorts;

/// <summary>
/// The reference cohorts for <c>POST /v1/scores/batch?cohort=ID</c>: the registry cohort ranked under the
/// batch's methodology (its rescale extremes and its members' published scores). A cohort without any of
/// that methodology's inputs is not offered for it. Ranking a cohort costs about as much as a Redis
/// round trip (bench/cache.md), so it is computed here, once per batch, rather than awaited from the cache.
/// </summary>
public sealed class RegistryBatchCohorts(CohortRegistry registry) : IBatchCohorts
{
    public BatchCohort? Find(string id, Methodology methodology)
    {
        if (!registry.TryGet(id, out var cohort) || !cohort.Carries(methodology))
        {
            return null;
        }
        var ranking = CohortRanking.Compute(methodology, cohort);
        return new BatchCohort(cohort.Id, ranking.Scale,
            new Ranking.Placement(ranking.Members.Where(m => m.Score is not null).Select(m => m.Score!.Value)));
    }
}
