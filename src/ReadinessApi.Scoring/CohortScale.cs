namespace ReadinessApi.Scoring;

/// <summary>
/// The extremes of a cohort's unrescaled scores, for methodologies that rescale over the cohort they are
/// scored in (GAII style: the leader scores 100, the last 0). Build it from the raw scores of the whole
/// cohort, then score each row with it.
/// </summary>
public readonly record struct CohortScale(double Min, double Max)
{
    /// <summary>The extremes of the finite values; null when there are none.</summary>
    public static CohortScale? From(ReadOnlySpan<double> rawScores)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var s in rawScores)
        {
            if (double.IsFinite(s))
            {
                min = Math.Min(min, s);
                max = Math.Max(max, s);
            }
        }
        return double.IsFinite(min) ? new CohortScale(min, max) : null;
    }

    /// <summary>Maps a raw 0–100 score onto the cohort-relative 0–100 scale of <paramref name="rule"/>.</summary>
    public double Apply(RescaleRule rule, double raw) => rule switch
    {
        // A cohort whose members all score the same has no spread: every member ties with the leader.
        // The share is taken first: the leader's is then exactly 1 and its score exactly 100, where 100·d/d can
        // round to 100.00000000000001 and leave the published scale.
        RescaleRule.CohortMinMax => Max > Min ? 100 * ((raw - Min) / (Max - Min)) : 100,
        RescaleRule.CohortFractionOfLeader => Max > 0 ? 100 * (raw / Max) : 0,
        _ => raw,
    };

    /// <summary>The raw score that maps to <paramref name="rescaled"/>.</summary>
    public double Invert(RescaleRule rule, double rescaled) => rule switch
    {
        RescaleRule.CohortMinMax => Min + rescaled * (Max - Min) / 100,
        RescaleRule.CohortFractionOfLeader => rescaled * Max / 100,
        _ => rescaled,
    };
}
