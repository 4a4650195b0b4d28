using System.Text.Json;

namespace ReadinessApi.Scoring;

/// <summary>
/// The one vocabulary of the root rules an analysis may draw: for requests (<c>aggregations</c>), answers and
/// the schema's enum alike. The methodology document's words for its rules (<see cref="AggregationRule"/>'s
/// JSON names), with the generalised mean named by the one exponent a request can draw, harmonic (p = −1).
/// </summary>
public static class RootRules
{
    private static readonly (string Name, Aggregation Rule)[] All =
    [
        (JsonName(AggregationRule.Arithmetic), Aggregation.Arithmetic),
        (JsonName(AggregationRule.Geometric), new Aggregation(AggregationRule.Geometric)),
        ("harmonic", new Aggregation(AggregationRule.GeneralisedMean, -1)),
        (JsonName(AggregationRule.Minimum), new Aggregation(AggregationRule.Minimum)),
    ];

    /// <summary>The rules a request may name, in the vocabulary's order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(r => r.Name)];

    /// <summary>The rule a request names; null when the vocabulary has no such name.</summary>
    public static Aggregation? Parse(string? name) => All.FirstOrDefault(r => r.Name == name).Rule;

    /// <summary>A rule's name in the vocabulary; a methodology's own root rule outside it (a generalised mean with another exponent) says its exponent.</summary>
    public static string Name(Aggregation a) =>
        All.FirstOrDefault(r => r.Rule.Rule == a.Rule && (a.Rule != AggregationRule.GeneralisedMean || r.Rule.Exponent == a.Exponent)).Name
        ?? $"{JsonName(a.Rule)}(p={a.Exponent})";

    private static string JsonName(AggregationRule rule) => JsonSerializer.Serialize(rule).Trim('"');
}
