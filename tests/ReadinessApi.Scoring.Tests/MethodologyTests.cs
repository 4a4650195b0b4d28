using System.Text;
using ReadinessApi.Scoring.Tests.Support;

namespace ReadinessApi.Scoring.Tests;

/// <summary>Compiling, hashing and deriving methodologies, and rejecting malformed ones with a useful message.</summary>
public sealed class MethodologyTests
{
    private static readonly Methodology V1 = MethodologyCatalog.Embedded["readiness-v1"];

    [Fact]
    public void Catalog_Embedded_HoldsTheFourShippedMethodologies()
    {
        var catalog = MethodologyCatalog.Embedded;

        Assert.Equal(["gaii-2021", "imf-aipi-2023", "readiness-v1", "readiness-v1-balanced"], catalog.All.Select(m => m.Id));
        Assert.Same(V1, catalog.Default);
        Assert.Equal(4, catalog.All.Select(m => m.Hash).Distinct().Count());
    }

    [Fact]
    public void Hash_SameDocument_IsStable()
    {
        var again = Methodology.Compile(V1.Document);

        Assert.Equal(V1.Hash, again.Hash);
        Assert.Matches("^[0-9a-f]{64}$", V1.Hash);
    }

    [Fact]
    public void Hash_JsonLayoutAndOmittedDefaults_DoNotChangeIt()
    {
        // The hash covers the canonical form, not the file: whitespace, property order and defaults written
        // out or left implicit (weight 1, minCoverage 0.66, no tiers) describe the same methodology.
        const string compact = """{"id":"t","version":"1","title":"T","root":{"id":"r","name":"R","children":[{"id":"a","name":"A"},{"id":"b","name":"B","weight":2}]}}""";
        const string spelledOut = """
            {
              "title": "T", "version": "1", "id": "t", "minCoverage": 0.66, "tiers": [], "rescale": "none",
              "root": { "name": "R", "id": "r", "aggregation": null,
                "children": [ { "weight": 1, "name": "A", "id": "a" }, { "id": "b", "weight": 2.0, "name": "B" } ] }
            }
            """;

        var a = Methodology.Parse(Encoding.UTF8.GetBytes(compact));
        var b = Methodology.Parse(Encoding.UTF8.GetBytes(spelledOut));

        Assert.Equal(a.Hash, b.Hash);
        Assert.Equal(a.Hash, Methodology.Parse(Methodology.Canonicalize(a.Document)).Hash);
    }

    public static TheoryData<string> Edits => [.. EditsByName.Keys];

    private static readonly Dictionary<string, Func<MethodologyDocument, MethodologyDocument>> EditsByName = new()
    {
        ["title"] = d => d with { Title = d.Title + "." },
        ["description"] = d => d with { Description = d.Description + "." },
        ["version"] = d => d with { Version = "1.0.1" },
        ["sources"] = d => d with { Sources = [.. d.Sources, "another"] },
        ["minCoverage"] = d => d with { MinCoverage = 0.67 },
        ["rescale"] = d => d with { Rescale = RescaleRule.CohortMinMax },
        ["scale"] = d => d with { Scale = new ScoreScale(10) },
        ["geometricFloor"] = d => d with { GeometricFloor = 2 },
        ["tierThreshold"] = d => d with { Tiers = [.. d.Tiers.Select((t, i) => i == 0 ? t with { Min = 71 } : t)] },
        ["tierLabel"] = d => d with { Tiers = [.. d.Tiers.Select((t, i) => i == 0 ? t with { Label = "top" } : t)] },
        ["pillarWeight"] = d => EditNode(d, "innovation", n => n with { Weight = 0.31 }),
        ["leafWeight"] = d => EditNode(d, "research", n => n with { Weight = 6 }),
        ["nodeName"] = d => EditNode(d, "research", n => n with { Name = "Research output" }),
        ["aggregation"] = d => EditNode(d, "innovation", n => n with { Aggregation = new Aggregation(AggregationRule.Geometric) }),
        ["exponent"] = d => EditNode(d, "innovation", n => n with { Aggregation = new Aggregation(AggregationRule.GeneralisedMean, 2) }),
        ["goalposts"] = d => EditNode(d, "research", n => n with { Normalisation = new Goalposts(0, 99) }),
        ["direction"] = d => EditNode(d, "research", n => n with { Normalisation = new Goalposts(0, 100, Direction: -1) }),
        ["log"] = d => EditNode(d, "research", n => n with { Normalisation = new Goalposts(1, 100, Log: true) }),
        ["inputScale"] = d => EditNode(d, "research", n => n with { InputScale = new ValueRange(0, 1000) }),
    };

    [Theory]
    [MemberData(nameof(Edits))]
    public void Hash_AnyEdit_ChangesIt(string edit)
    {
        var edited = Methodology.Compile(EditsByName[edit](V1.Document));

        Assert.NotEqual(V1.Hash, edited.Hash);
    }

    [Fact]
    public void WithWeights_NewPillarWeight_RenormalisesAndGetsANewIdentity()
    {
        // computeAccess 0.2 → 0.4: the pillars now sum to 1.2, so it carries 0.4/1.2 = 1/3.
        var derived = V1.WithWeights(new Dictionary<string, double> { ["computeAccess"] = 0.4 });

        Assert.Equal(1.0 / 3, derived["computeAccess"].NormalizedWeight, 12);
        Assert.Equal(0.25, derived["innovation"].NormalizedWeight, 12);
        Assert.NotEqual(V1.Hash, derived.Hash);
        Assert.StartsWith("1.0.0+weights.", derived.Version, StringComparison.Ordinal);
        // The original is immutable.
        Assert.Equal(0.2, V1["computeAccess"].NormalizedWeight, 12);
    }

    [Fact]
    public void WithWeights_SameWeightsTwice_GiveTheSameHash()
    {
        // A what-if scenario repeated must be recognisable (and cacheable) as the same methodology.
        var weights = new Dictionary<string, double> { ["research"] = 1, ["development"] = 1 };

        Assert.Equal(V1.WithWeights(weights).Hash, V1.WithWeights(weights).Hash);
    }

    [Fact]
    public void WithWeights_ScoresWithTheNewWeights()
    {
        // Tiny.TwoLevel with A's weight 2 → 1: (70 + 50 + 30)/3 = 50 instead of 55.
        var derived = Tiny.TwoLevel().WithWeights(new Dictionary<string, double> { ["pillarA"] = 1 });

        var result = TestScorer.Score(derived, ("pillarA", 70), ("pillarB", 50), ("pillarC", 30));

        Assert.Equal(50, result.Score!.Value, 12);
    }

    [Fact]
    public void WithWeights_NegativeWeight_IsRejectedNamingTheNode()
    {
        var e = Assert.Throws<MethodologyException>(() => V1.WithWeights(new Dictionary<string, double> { ["talent"] = -1 }));

        Assert.Contains("talent", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithWeights_AllSiblingsZero_IsRejectedNamingTheParent()
    {
        var zeros = new Dictionary<string, double> { ["research"] = 0, ["development"] = 0 };

        var e = Assert.Throws<MethodologyException>(() => V1.WithWeights(zeros));

        Assert.Contains("innovation", e.Message, StringComparison.Ordinal);
        Assert.Contains("zero", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("compute")]
    [InlineData("readiness")] // the root has no siblings: its weight means nothing
    public void WithWeights_UnknownNode_IsRejected(string id)
    {
        var e = Assert.Throws<MethodologyException>(() => V1.WithWeights(new Dictionary<string, double> { [id] = 1 }));

        Assert.Contains(id, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"id":"a","name":"A"},{"id":"a","name":"A again"}""", "'a'")]
    [InlineData("""{"id":"Bad-Id","name":"A"}""", "Bad-Id")]
    [InlineData("""{"id":"a","name":"A","weight":-1}""", "a: weight")]
    [InlineData("""{"id":"a","name":"A","normalisation":{"lower":5,"upper":5}}""", "a: goalposts")]
    [InlineData("""{"id":"a","name":"A","normalisation":{"lower":0,"upper":1,"direction":0}}""", "a: direction")]
    [InlineData("""{"id":"a","name":"A","normalisation":{"lower":0,"upper":1,"log":true}}""", "a: a log transform")]
    [InlineData("""{"id":"a","name":"A","inputScale":{"min":1,"max":0}}""", "a: inputScale")]
    [InlineData("""{"id":"a","name":"A","aggregation":{"rule":"geometric"}}""", "a: a leaf has no aggregation")]
    [InlineData("""{"id":"p","name":"P","normalisation":{"lower":0,"upper":1},"children":[{"id":"a","name":"A"}]}""", "p: only leaves")]
    [InlineData("""{"id":"p","name":"P","aggregation":{"rule":"generalisedMean"},"children":[{"id":"a","name":"A"}]}""", "p: a generalised mean")]
    [InlineData("""{"id":"p","name":"P","children":[{"id":"a","name":"A","weight":0}]}""", "p: the children's weights sum to zero")]
    [InlineData("""{"id":"a","name":"A","wieght":2}""", "$.root.children[0].wieght")]
    [InlineData("""{"id":"a","name":"A","weight":"heavy"}""", "$.root.children[0].weight")]
    [InlineData("""{"id":"a"}""", "$.root.children[0]")]
    [InlineData("""{"id":"a","name":"A","aggregation":{"rule":"median"}}""", "$.root.children[0].aggregation.rule")]
    public void Parse_MalformedNode_IsRejectedNamingTheNode(string children, string expected)
    {
        string json = """{"id":"t","version":"1","title":"T","root":{"id":"r","name":"R","children":[""" + children + "]}}";

        var e = Assert.Throws<MethodologyException>(() => Methodology.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"id":"t","version":"1","title":"T","minCoverage":1.5,"root":{"id":"r","name":"R","children":[{"id":"a","name":"A"}]}}""", "minCoverage")]
    [InlineData("""{"id":"t","version":"1","title":"T","tiers":[{"label":"low","min":0},{"label":"high","min":50}],"root":{"id":"r","name":"R","children":[{"id":"a","name":"A"}]}}""", "tiers must be ordered")]
    [InlineData("""{"id":"t","version":"1","title":"T","root":{"id":"r","name":"R"}}""", "the root must have children")]
    [InlineData("""{"id":"t","version":"1","title":"T","root":{"id":"r","name":"R","children":[""", "malformed")]
    [InlineData("""{"id":"t","version":"1","title":"T"}""", "root")]
    public void Parse_MalformedDocument_IsRejectedWithTheReason(string json, string expected)
    {
        var e = Assert.Throws<MethodologyException>(() => Methodology.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithAggregation_Pillar_ChangesOnlyThatRule()
    {
        var derived = V1.WithAggregation("computeAccess", new Aggregation(AggregationRule.Minimum));

        Assert.Equal(AggregationRule.Minimum, derived["computeAccess"].Aggregation.Rule);
        Assert.Equal(AggregationRule.Arithmetic, derived["innovation"].Aggregation.Rule);
        Assert.NotEqual(V1.Hash, derived.Hash);
    }

    private static MethodologyDocument EditNode(MethodologyDocument d, string id, Func<NodeDocument, NodeDocument> edit)
    {
        return d with { Root = Visit(d.Root) };

        NodeDocument Visit(NodeDocument n) =>
            n.Id == id ? edit(n) : n with { Children = [.. n.Children.Select(Visit)] };
    }
}
