using ReadinessApi.Infrastructure.Validation;
using ReadinessApi.Scoring;

namespace ReadinessApi.Scores;

/// <summary>A country's inputs to score under a methodology.</summary>
/// <param name="Country">ISO 3166-1 alpha-3 code, upper case.</param>
/// <param name="Year">The year the inputs describe (echoed back; optional).</param>
/// <param name="Methodology">Methodology id; defaults to <c>readiness-v1</c>.</param>
/// <param name="Inputs">Node id → value, for any nodes of the methodology's tree (pillars, sub-pillars or a mix, never a node and its descendant).</param>
/// <param name="Cohort">Rank the result against this reference cohort.</param>
/// <param name="Group">With <c>cohort</c>: rank within this peer group's members of the cohort.</param>
public sealed record ScoreRequest(
    string Country,
    Dictionary<string, double> Inputs,
    int? Year = null,
    string? Methodology = null,
    string? Cohort = null,
    string? Group = null) : ICountryInputs
{
    private BoundInputs? _bound;

    public BoundInputs BoundTo(Methodology m) => BoundInputs.Once(ref _bound, m, Inputs);
}

/// <summary>The methodology a result was computed under: its id, version and content hash.</summary>
public sealed record MethodologyReference(string Id, string Version, string Hash)
{
    public static MethodologyReference Of(Methodology m) => new(m.Id, m.Version, m.Hash);
}

/// <summary>One node of the explanation tree.</summary>
/// <param name="Value">For a leaf the value given; for an inner node its aggregated value on 0–100. Null without data.</param>
/// <param name="Normalized">On 0–100 after goalposts or aggregation; null without data.</param>
/// <param name="Weight">The methodology's weight, normalised among the siblings.</param>
/// <param name="EffectiveWeight">Product of the weights on the path to the root, renormalised over siblings with data.</param>
/// <param name="Contribution">This node's share of the score (on the published scale); children sum to their parent.</param>
/// <param name="Coverage">Share (0–1) of this node's weight that had data.</param>
/// <param name="Flags">given, missing, clamped, belowCoverage, superseded.</param>
public sealed record NodeExplanation(
    string Id,
    string Name,
    double? Value,
    double? Normalized,
    double Weight,
    double EffectiveWeight,
    double Contribution,
    double Coverage,
    IReadOnlyList<NodeFlags> Flags,
    IReadOnlyList<NodeExplanation>? Children);

/// <summary>A composite score with its whole explanation.</summary>
/// <param name="Score">On the methodology's published scale (0–100, or 0–1 for imf-aipi-2023).</param>
/// <param name="Tier">The tier the score falls in; null when the methodology defines none.</param>
/// <param name="Coverage">Share (0–1) of the methodology's weight that had data.</param>
/// <param name="Missing">The highest nodes that had no data at all.</param>
/// <param name="Pillars">The root's children, each with its sub-tree.</param>
/// <param name="Contributions">Pillar id → contribution; they sum to <c>score</c>.</param>
/// <param name="Bottleneck">The pillar whose one-point rise lifts the score most; of pillars that lift it equally (within 1e-12 points), the first in the methodology's order (GET /v1/methodologies/{id}).</param>
/// <param name="NextTier">The tier above the current one, if any.</param>
/// <param name="PointsToNextTier">Points (0–100 scale of the bottleneck pillar) it must gain alone to reach <c>nextTier</c>; null when it cannot.</param>
/// <param name="Rescaled">True when the methodology's cohort rescale was applied.</param>
/// <param name="Notes">What the reader should know about how this number was made.</param>
/// <param name="Rank">With a cohort: 1 = best, ties share the best rank (within the group when one is named).</param>
/// <param name="CohortSize">With a cohort: how many members were ranked, this country included.</param>
/// <param name="Percentile">With a cohort: share (0–1) of the cohort (or group) scored strictly below.</param>
/// <param name="Group">With a cohort and a group: the peer group the rank and percentile are within.</param>
/// <param name="GroupSize">With a group: how many of the group's members of the cohort were ranked, this country included.</param>
public sealed record ScoreResponse(
    string Country,
    int? Year,
    MethodologyReference Methodology,
    double Score,
    string? Tier,
    double Coverage,
    IReadOnlyList<string> Missing,
    IReadOnlyList<NodeExplanation> Pillars,
    IReadOnlyDictionary<string, double> Contributions,
    string? Bottleneck,
    string? NextTier,
    double? PointsToNextTier,
    bool Rescaled,
    IReadOnlyList<string> Notes,
    string? Cohort = null,
    int? Rank = null,
    int? CohortSize = null,
    double? Percentile = null,
    string? Group = null,
    int? GroupSize = null);
