namespace ReadinessApi.Scoring.Uncertainty;

/// <summary>What a Monte Carlo uncertainty analysis varies, how often, and from which seed.</summary>
public sealed record UncertaintySettings
{
    public const double DefaultWeightNoise = 0.25;

    /// <summary>How many perturbed methodologies to score the cohort under (≥ 1).</summary>
    public int Draws { get; init; } = 1000;

    /// <summary>
    /// The noise factor n: each draw multiplies every weight below the root by (1 + n·(2U − 1)), U uniform
    /// on [0, 1). 0 keeps the weights; at most 1, so that no weight turns negative.
    /// </summary>
    public double WeightNoise { get; init; } = DefaultWeightNoise;

    /// <summary>
    /// Rules for the root (the pillar level), one drawn uniformly per draw. Empty: the methodology's own
    /// rule in every draw.
    /// </summary>
    public IReadOnlyList<Aggregation> Aggregations { get; init; } = [];

    /// <summary>The same seed and settings give the same result, whatever the machine or the thread count.</summary>
    public long Seed { get; init; }

    /// <summary>Worker threads (−1: one per core). The result does not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Null when the settings can be run; otherwise what is wrong, naming the setting.</summary>
    public string? Problem()
    {
        if (Draws < 1)
        {
            return "draws must be at least 1.";
        }
        if (!double.IsFinite(WeightNoise) || WeightNoise is < 0 or > 1)
        {
            return "weightNoise must lie in [0, 1].";
        }
        foreach (var a in Aggregations)
        {
            if (a.Rule == AggregationRule.GeneralisedMean && (a.Exponent is not { } p || !double.IsFinite(p) || p == 0))
            {
                return "aggregations: a generalised mean needs a finite, non-zero exponent.";
            }
        }
        return MaxDegreeOfParallelism is 0 or < -1 ? "maxDegreeOfParallelism must be −1 or positive." : null;
    }
}
