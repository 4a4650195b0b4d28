namespace ReadinessApi.Scoring.Uncertainty;

/// <summary>
/// One country's ranks and scores across the draws. Ranks are competition ranks (1 = best, ties share the
/// best rank); percentiles are nearest-rank over the draws in which the country had a score. A country whose
/// nominal score cannot be computed (coverage below the methodology's minimum) is unranked: every rank and
/// score is null and <see cref="Coverage"/> says how much data it had.
/// </summary>
/// <param name="Score">Nominal score on the published scale (unperturbed methodology, rescaled over the cohort where the methodology asks for it).</param>
/// <param name="Rank">Nominal rank.</param>
/// <param name="MedianRank">Nearest-rank 50th percentile (the lower median for an even count).</param>
/// <param name="P5Rank">Nearest-rank 5th percentile: the better end of the interval.</param>
/// <param name="P95Rank">Nearest-rank 95th percentile: the worse end of the interval.</param>
/// <param name="ScoreLow">Lowest published score over the draws.</param>
/// <param name="ScoreHigh">Highest published score over the draws.</param>
/// <param name="RankedDraws">Draws in which the country had a score (all of them unless a perturbed weight pushed a node below minCoverage).</param>
/// <param name="Coverage">Nominal coverage (0–1) of the methodology's weight.</param>
public sealed record CountryUncertainty(
    double? Score,
    int? Rank,
    int? MedianRank,
    int? P5Rank,
    int? P95Rank,
    double? ScoreLow,
    double? ScoreHigh,
    int RankedDraws,
    double Coverage)
{
    public bool IsRanked => Rank is not null;

    internal static CountryUncertainty Unranked(double coverage) => new(null, null, null, null, null, null, null, 0, coverage);
}
