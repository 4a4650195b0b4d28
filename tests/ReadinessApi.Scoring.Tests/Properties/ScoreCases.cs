using FsCheck;
using FsCheck.Fluent;

namespace ReadinessApi.Scoring.Tests.Properties;

/// <summary>Generators of <see cref="ScoreCase"/>s over the shipped methodologies and variants of them.</summary>
public static class ScoreCases
{
    /// <summary>The four methodologies the service ships.</summary>
    public static readonly IReadOnlyList<Methodology> Shipped = MethodologyCatalog.Embedded.All;

    /// <summary>
    /// The shipped ones plus readiness-v1 with every other rule at the root, and one with a different rule
    /// in each pillar, so that each aggregation rule is exercised at both levels of a real tree.
    /// </summary>
    public static readonly IReadOnlyList<Methodology> AllRules = BuildAllRules();

    private static List<Methodology> BuildAllRules()
    {
        var v1 = MethodologyCatalog.Embedded["readiness-v1"];
        var root = v1.Root.Id;
        var mixed = v1
            .WithAggregation(root, new Aggregation(AggregationRule.GeneralisedMean, 2))
            .WithAggregation("innovation", new Aggregation(AggregationRule.Geometric))
            .WithAggregation("implementation", new Aggregation(AggregationRule.GeneralisedMean, -1))
            .WithAggregation("investment", new Aggregation(AggregationRule.GeneralisedMean, 3))
            .WithAggregation("computeAccess", new Aggregation(AggregationRule.Minimum));
        return
        [
            .. Shipped,
            v1.WithAggregation(root, new Aggregation(AggregationRule.GeneralisedMean, 2)),
            v1.WithAggregation(root, new Aggregation(AggregationRule.GeneralisedMean, -1)),
            v1.WithAggregation(root, new Aggregation(AggregationRule.Minimum)),
            mixed,
            MethodologyCatalog.Embedded["gaii-2021"].WithAggregation("gaii", new Aggregation(AggregationRule.Geometric)),
        ];
    }

    /// <summary>Any mix the contract allows: per pillar its value, some of its descendants, or nothing.</summary>
    public static Gen<ScoreCase> Any(IReadOnlyList<Methodology> methodologies) =>
        Gen.Elements(methodologies.ToArray()).SelectMany(m => Palettes.SelectMany(palette =>
            Gen.CollectToList(m.Pillars.Select(p => Below(m, p, palette)))
                .Select(parts => new ScoreCase(m, [.. parts.SelectMany(x => x)]))));

    /// <summary>Every leaf given: the explanation then reaches every leaf.</summary>
    public static Gen<ScoreCase> AllLeaves(IReadOnlyList<Methodology> methodologies) =>
        Gen.Elements(methodologies.ToArray()).SelectMany(m => Palettes.SelectMany(palette =>
            Gen.CollectToArray(m.Nodes.Where(n => n.IsLeaf).Select(n => palette(n.InputScale).Select(x => KeyValuePair.Create(n.Id, x))))
                .Select(inputs => new ScoreCase(m, inputs))));

    /// <summary>How one row's values are drawn, given a node's scale.</summary>
    public delegate Gen<double> Palette(ValueRange scale);

    // Declared before the palettes that use it: static fields initialise in textual order.
    private static readonly Gen<double> Fraction = Gen.Choose(0, 1_000_000).Select(k => k / 1_000_000.0);

    /// <summary>
    /// Mostly values anywhere on each node's scale; but also rows of extremes only, and rows where every input
    /// sits at the same point of its scale (all at the top, all at 0), because that is where rounding bites
    /// and where a uniform mix of random values almost never goes.
    /// </summary>
    private static readonly Gen<Palette> Palettes = Gen.Frequency(
        (4, Gen.Constant<Palette>(Anywhere)),
        (2, Gen.Constant<Palette>(scale => Gen.Elements(scale.Min, scale.Max))),
        (2, Gen.Elements(0.0, 1.0, 0.005, 0.5).Or(Fraction).Select(t => (Palette)(scale => Gen.Constant(At(scale, t))))));

    private static Gen<IEnumerable<KeyValuePair<string, double>>> Below(Methodology m, int index, Palette palette)
    {
        var node = m.Nodes[index];
        var given = palette(node.InputScale).Select(x => (IEnumerable<KeyValuePair<string, double>>)[KeyValuePair.Create(node.Id, x)]);
        var nothing = Gen.Constant(Enumerable.Empty<KeyValuePair<string, double>>());
        if (node.IsLeaf)
        {
            return Gen.Frequency((6, given), (1, nothing));
        }
        var descendants = Gen.CollectToList(node.Children.Select(c => Below(m, c, palette))).Select(parts => parts.SelectMany(x => x));
        return Gen.Frequency((2, given), (5, descendants), (1, nothing));
    }

    /// <summary>Values across the node's scale, with its ends (goalposts, the geometric floor's zero) often.</summary>
    public static Gen<double> Anywhere(ValueRange scale) =>
        Gen.Frequency(
            (1, Gen.Elements(scale.Min, scale.Max, At(scale, 0.005))),
            (6, Fraction.Select(t => At(scale, t))));

    private static double At(ValueRange scale, double t) => t >= 1 ? scale.Max : scale.Min + (scale.Max - scale.Min) * t;
}
