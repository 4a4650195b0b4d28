using ReadinessApi.Scoring.Tests.Support;

namespace ReadinessApi.Scoring.Tests;

/// <summary>What the binder must refuse before anything is scored (the service turns these into a 400).</summary>
public sealed class InputBinderTests
{
    private static readonly Methodology V1 = MethodologyCatalog.Embedded["readiness-v1"];
    private static readonly Methodology Imf = MethodologyCatalog.Embedded["imf-aipi-2023"];

    [Fact]
    public void Bind_ValidInputs_FillsByNodeIndexAndLeavesTheRestNaN()
    {
        var destination = new double[V1.Count];
        destination.AsSpan().Fill(-1); // stale values from a previous row must not survive

        var errors = InputBinder.Bind(V1, [KeyValuePair.Create("innovation", 40.0), KeyValuePair.Create("talent", 55.0)], destination);

        Assert.Null(errors);
        Assert.True(V1.TryGetIndex("innovation", out int innovation));
        Assert.True(V1.TryGetIndex("talent", out int talent));
        for (int i = 0; i < destination.Length; i++)
        {
            double expected = i == innovation ? 40 : i == talent ? 55 : double.NaN;
            Assert.Equal(expected, destination[i]);
        }
    }

    [Fact]
    public void Bind_NodeAndItsChild_IsAmbiguous()
    {
        var errors = TestScorer.BindErrors(V1, ("innovation", 40), ("research", 50), ("talent", 30));

        var error = Assert.Single(errors);
        Assert.Equal("research", error.NodeId);
        Assert.Contains("'innovation'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'research'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_NodeAndADeeperDescendant_IsAmbiguous()
    {
        // root → outer → inner → leaf: outer and leaf together are ambiguous although not parent and child.
        var m = Methodology.Compile(Tiny.Document(Tiny.Inner("root", 1, Aggregation.Arithmetic,
            Tiny.Inner("outer", 1, Aggregation.Arithmetic,
                Tiny.Inner("inner", 1, Aggregation.Arithmetic, Tiny.Leaf("leaf"))))));

        var errors = TestScorer.BindErrors(m, ("leaf", 10), ("outer", 20));

        var error = Assert.Single(errors);
        Assert.Equal("leaf", error.NodeId);
        Assert.Contains("'outer'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_SiblingsAtDifferentLevels_AreNotAmbiguous()
    {
        // A pillar for one branch and sub-pillars for another: a legitimate mix.
        var errors = TestScorer.BindErrors(V1, ("innovation", 40), ("talent", 30), ("infrastructure", 60));

        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("compute")]      // not a node
    [InlineData("Innovation")]   // ids are case-sensitive
    [InlineData("readiness")]    // the root is the result, not an input
    public void Bind_UnknownNode_IsRejectedByName(string id)
    {
        var errors = TestScorer.BindErrors(V1, (id, 50));

        var error = Assert.Single(errors);
        Assert.Equal(id, error.NodeId);
        Assert.Contains("readiness-v1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Bind_NonFiniteValue_IsRejected(double x)
    {
        var errors = TestScorer.BindErrors(V1, ("research", x));

        var error = Assert.Single(errors);
        Assert.Equal("research", error.NodeId);
        Assert.Contains("finite", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("research", -0.1)]
    [InlineData("research", 100.5)]
    [InlineData("innovation", 101)]  // inner nodes are on 0–100 too
    public void Bind_OutOfScaleValue_IsRejected(string id, double x)
    {
        var errors = TestScorer.BindErrors(V1, (id, x));

        Assert.Equal(id, Assert.Single(errors).NodeId);
    }

    [Fact]
    public void Bind_LeafWithItsOwnInputScale_ChecksThatScale()
    {
        // IMF dimensions are published on 0–0.25: 0.25 is the top of the scale, 0.3 is off it.
        Assert.Empty(TestScorer.BindErrors(Imf, ("digitalInfrastructure", 0.25)));

        var error = Assert.Single(TestScorer.BindErrors(Imf, ("digitalInfrastructure", 0.3)));
        Assert.Contains("0.25", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_SeveralProblems_ReportsEachOne()
    {
        // A client fixes a request once, not once per error.
        var errors = TestScorer.BindErrors(V1, ("nope", 1), ("research", double.NaN), ("talent", 200), ("investment", 10), ("commercial", 20));

        Assert.Equal(["nope", "research", "talent", "commercial"], errors.Select(e => e.NodeId));
    }
}
