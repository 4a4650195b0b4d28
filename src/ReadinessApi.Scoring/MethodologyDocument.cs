using System.Text.Json;
using System.Text.Json.Serialization;

namespace ReadinessApi.Scoring;

/// <summary>
/// The serialised form of a methodology: what the embedded JSON files hold and what
/// <c>GET /v1/methodologies/{id}</c> returns. <see cref="Methodology"/> is its compiled, validated form.
/// </summary>
public sealed record MethodologyDocument
{
    public required string Id { get; init; }
    public required string Version { get; init; }
    public required string Title { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<string> Sources { get; init; } = [];
    /// <summary>Share of a node's weight that must have data for the node to get a value (0–1).</summary>
    public double MinCoverage { get; init; } = 0.66;
    public RescaleRule Rescale { get; init; } = RescaleRule.None;
    /// <summary>The published score's scale: scores are computed on 0–100 and reported on 0–<c>max</c>.</summary>
    public ScoreScale Scale { get; init; } = ScoreScale.Hundred;
    /// <summary>Lower bound applied before a logarithm in geometric and generalised means (p ≤ 0).</summary>
    public double GeometricFloor { get; init; } = 1.0;
    /// <summary>Tiers from the highest threshold down; thresholds are on the published scale.</summary>
    public IReadOnlyList<Tier> Tiers { get; init; } = [];
    public required NodeDocument Root { get; init; }
}

public sealed record NodeDocument
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    /// <summary>Relative to siblings; normalised within the parent.</summary>
    public double Weight { get; init; } = 1.0;
    /// <summary>Inner nodes only.</summary>
    public Aggregation? Aggregation { get; init; }
    /// <summary>Leaves only.</summary>
    public Goalposts? Normalisation { get; init; }
    /// <summary>Leaves only: the range a client's value must lie in.</summary>
    public ValueRange? InputScale { get; init; }
    public IReadOnlyList<NodeDocument> Children { get; init; } = [];
}

[JsonConverter(typeof(JsonStringEnumConverter<AggregationRule>))]
public enum AggregationRule
{
    [JsonStringEnumMemberName("arithmetic")] Arithmetic,
    [JsonStringEnumMemberName("geometric")] Geometric,
    [JsonStringEnumMemberName("generalisedMean")] GeneralisedMean,
    [JsonStringEnumMemberName("minimum")] Minimum,
}

[JsonConverter(typeof(JsonStringEnumConverter<RescaleRule>))]
public enum RescaleRule
{
    [JsonStringEnumMemberName("none")] None,
    [JsonStringEnumMemberName("cohortMinMax")] CohortMinMax,
    [JsonStringEnumMemberName("cohortFractionOfLeader")] CohortFractionOfLeader,
}

/// <param name="Rule">How the children's normalised values combine.</param>
/// <param name="Exponent">The exponent p of a generalised mean (required for that rule only).</param>
public sealed record Aggregation(AggregationRule Rule, double? Exponent = null)
{
    public static readonly Aggregation Arithmetic = new(AggregationRule.Arithmetic);
}

/// <summary>Goalpost normalisation: I = clamp((f(x) − f(L))/(f(U) − f(L)), 0, 1)·100, reversed when direction is −1.</summary>
/// <param name="Log">Apply f(x) = ln(x + LogOffset) before the goalposts (for skewed measures).</param>
/// <param name="LogOffset">0 for ln(x); 1 for ln(1 + x), which keeps observed zeros finite.</param>
public sealed record Goalposts(double Lower, double Upper, int Direction = 1, bool Log = false, double LogOffset = 0);

public sealed record ValueRange(double Min, double Max);

public sealed record ScoreScale(double Max)
{
    public static readonly ScoreScale Hundred = new(100);
}

public sealed record Tier(string Label, double Min);

internal static class MethodologyJson
{
    // Reflection-based on purpose: the source generator assigns init-only properties that are absent
    // from the JSON their type's default, which would silently drop this model's defaults (weight 1, ...).
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };
}
