using ReadinessApi.Scoring.Cohorts;

namespace ReadinessApi.Batch;

/// <summary>
/// A reference cohort as <c>cohort=</c> ranks a batch against it: each row is placed exactly as a single
/// score with that cohort is (<see cref="CohortRanking.Place"/>: the row's own country, if a member, is
/// replaced by the row; a rescaling methodology rescales over the members and the row together), so a
/// batch row and a single score of the same inputs agree. Placing is linear in the cohort's size per row.
/// </summary>
internal sealed class BatchCohort(string id, Scoring.Methodology methodology, CohortRanking ranking)
{
    public string Id => id;

    public CohortPlacement Place(string country, double rawScore) => ranking.Place(methodology, country, rawScore);
}
