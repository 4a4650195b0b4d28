using ReadinessApi.Scoring;

namespace ReadinessApi.Batch;

/// <summary>A reference cohort as a batch ranks against it: its rescale extremes and its sorted scores.</summary>
/// <param name="Scale">The extremes of the members' raw scores, for methodologies that rescale over a cohort.</param>
/// <param name="Placement">The members' published scores, to place each batch row among them.</param>
public sealed record BatchCohort(string Id, CohortScale? Scale, Ranking.Placement Placement);

/// <summary>
/// The seam between <c>cohort=</c> and the reference cohorts the service loads. Until the cohort registry
/// is wired in, no cohort is known, so every <c>cohort=</c> is a 404 naming it.
/// </summary>
public interface IBatchCohorts
{
    /// <summary>The cohort <paramref name="id"/> scored under <paramref name="methodology"/>; null when there is no such cohort.</summary>
    BatchCohort? Find(string id, Methodology methodology);
}

internal sealed class NoBatchCohorts : IBatchCohorts
{
    public BatchCohort? Find(string id, Methodology methodology) => null;
}
