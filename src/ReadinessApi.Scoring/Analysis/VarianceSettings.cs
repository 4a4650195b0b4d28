namespace ReadinessApi.Scoring.Analysis;

/// <summary>What a variance-based sensitivity analysis varies, how many runs it makes, and from which seed.</summary>
public sealed record VarianceSettings
{
    /// <summary>The aggregation rule at the root, drawn from <see cref="Aggregations"/>.</summary>
    public const string AggregationFactor = "aggregation";
    /// <summary>The methodology's goalposts, or min–max over the cohort.</summary>
    public const string NormalisationFactor = "normalisation";
    /// <summary>Re-weighting over the data there is, or the cohort mean for a missing node.</summary>
    public const string MissingDataFactor = "missingData";

    /// <summary>N: base samples; the model runs N·(d + 2) times for d factors.</summary>
    public int BaseSamples { get; init; } = 1000;

    /// <summary>A weight factor multiplies its node's weight by (1 + n·(2u − 1)), u uniform on [0, 1).</summary>
    public double WeightNoise { get; init; } = Uncertainty.UncertaintySettings.DefaultWeightNoise;

    /// <summary>The root rules the aggregation factor chooses among (uniformly); at least two for it to vary.</summary>
    public IReadOnlyList<Aggregation> Aggregations { get; init; } = [];

    /// <summary>
    /// Factor names: a node id (its weight), <see cref="AggregationFactor"/>, <see cref="NormalisationFactor"/>,
    /// <see cref="MissingDataFactor"/>. Empty: every pillar's weight, the aggregation rule when there are two
    /// rules to choose from, the normalisation and the missing-data treatment.
    /// </summary>
    public IReadOnlyList<string> Factors { get; init; } = [];

    /// <summary>Bootstrap resamples behind each 95% interval.</summary>
    public int Resamples { get; init; } = 1000;

    /// <summary>The same seed and settings give the same result, whatever the machine or the thread count.</summary>
    public long Seed { get; init; }

    /// <summary>Worker threads (−1: one per core). The result does not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;
}
