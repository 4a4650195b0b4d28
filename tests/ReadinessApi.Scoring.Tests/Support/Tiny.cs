namespace ReadinessApi.Scoring.Tests.Support;

/// <summary>
/// Builds the small methodologies the hand-worked tests score: a few nodes with round weights, so every
/// expectation can be worked out on paper (and is, in the tests' comments).
/// </summary>
public static class Tiny
{
    public static readonly Tier[] FourTiers =
    [
        new("leader", 70),
        new("advanced", 50),
        new("emerging", 30),
        new("nascent", 0),
    ];

    public static NodeDocument Leaf(string id, double weight = 1, Goalposts? goalposts = null, ValueRange? inputScale = null) =>
        new() { Id = id, Name = id, Weight = weight, Normalisation = goalposts, InputScale = inputScale };

    public static NodeDocument Inner(string id, double weight, Aggregation? aggregation, params NodeDocument[] children) =>
        new() { Id = id, Name = id, Weight = weight, Aggregation = aggregation, Children = children };

    public static MethodologyDocument Document(NodeDocument root, double minCoverage = 0.66, IReadOnlyList<Tier>? tiers = null,
        RescaleRule rescale = RescaleRule.None, double scaleMax = 100, double geometricFloor = 1) =>
        new()
        {
            Id = "tiny",
            Version = "1.0.0",
            Title = "A tiny test methodology",
            MinCoverage = minCoverage,
            Tiers = tiers ?? [],
            Rescale = rescale,
            Scale = new ScoreScale(scaleMax),
            GeometricFloor = geometricFloor,
            Root = root,
        };

    /// <summary>A root over leaves a, b, c, ... with the given weights and one aggregation rule.</summary>
    public static Methodology Flat(Aggregation aggregation, double[] weights, IReadOnlyList<Tier>? tiers = null,
        double geometricFloor = 1, RescaleRule rescale = RescaleRule.None, double minCoverage = 0.66)
    {
        var leaves = weights.Select((w, i) => Leaf(((char)('a' + i)).ToString(), w)).ToArray();
        return Methodology.Compile(Document(Inner("root", 1, aggregation, leaves), minCoverage, tiers, rescale,
            geometricFloor: geometricFloor));
    }

    /// <summary>
    /// Two levels, arithmetic: root → A (weight 2: a1 1, a2 1), B (weight 1: b1 3, b2 1), C (weight 1: c1 1, c2 1).
    /// minCoverage 0.66, so A without one leaf (coverage 0.5) has no value while B without b2 (0.75) does.
    /// </summary>
    public static Methodology TwoLevel(double minCoverage = 0.66) => Methodology.Compile(Document(
        Inner("root", 1, Aggregation.Arithmetic,
            Inner("pillarA", 2, Aggregation.Arithmetic, Leaf("a1"), Leaf("a2")),
            Inner("pillarB", 1, Aggregation.Arithmetic, Leaf("b1", 3), Leaf("b2", 1)),
            Inner("pillarC", 1, Aggregation.Arithmetic, Leaf("c1"), Leaf("c2"))),
        minCoverage, FourTiers));
}
