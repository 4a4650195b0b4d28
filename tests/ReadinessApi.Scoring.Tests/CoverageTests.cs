using ReadinessApi.Scoring.Tests.Support;

namespace ReadinessApi.Scoring.Tests;

/// <summary>
/// Missing data on <see cref="Tiny.TwoLevel"/>: root → A (2: a1 1, a2 1), B (1: b1 3, b2 1), C (1: c1 1, c2 1),
/// arithmetic, minCoverage 0.66. With full data A = (60+80)/2 = 70, B = (3·40+80)/4 = 50, C = (20+40)/2 = 30.
/// </summary>
public sealed class CoverageTests
{
    private static readonly Methodology M = Tiny.TwoLevel();

    [Fact]
    public void Score_MissingLeafAboveMinCoverage_ReweightsItsSiblings()
    {
        // B without b2: coverage 3/4 = 0.75 ≥ 0.66, B = b1 = 40 (re-weighted over b1 alone).
        // Root = (2·70 + 1·40 + 1·30) / 4 = 210 / 4 = 52.5; coverage (2·1 + 1·0.75 + 1·1) / 4 = 0.9375.
        var result = TestScorer.Score(M, ("a1", 60), ("a2", 80), ("b1", 40), ("c1", 20), ("c2", 40));

        Assert.Equal(52.5, result.Score!.Value, 12);
        Assert.Equal(0.9375, result.Coverage, 12);
        Assert.Equal(40, result.Node("pillarB").Normalized, 12);
        Assert.Equal(0.75, result.Node("pillarB").Coverage, 12);
        Assert.Equal(NodeFlags.None, result.Node("pillarB").Flags);
        Assert.Equal(NodeFlags.Missing, result.Node("b2").Flags);
        Assert.False(result.Node("b2").HasValue);
        // b1 carries all of B's effective weight 1/4 now that b2 is missing.
        Assert.Equal(0.25, result.Node("b1").EffectiveWeight, 12);
        Assert.Equal(0, result.Node("b2").EffectiveWeight);
    }

    [Fact]
    public void Score_MissingPillar_ReweightsTheOtherPillars()
    {
        // C absent: root = (2·70 + 1·50) / 3 = 190 / 3; coverage (2 + 1) / 4 = 0.75.
        var result = TestScorer.Score(M, ("a1", 60), ("a2", 80), ("b1", 40), ("b2", 80));

        Assert.Equal(190.0 / 3, result.Score!.Value, 12);
        Assert.Equal(0.75, result.Coverage, 12);
        Assert.Equal(NodeFlags.Missing, result.Node("pillarC").Flags);
        Assert.Equal(0, result.Node("pillarC").Coverage);
        Assert.Equal(NodeFlags.Missing, result.Node("c1").Flags);
        Assert.Equal(2.0 / 3, result.Node("pillarA").EffectiveWeight, 12);
        Assert.Equal(1.0 / 3, result.Node("pillarB").EffectiveWeight, 12);
    }

    [Fact]
    public void Score_PillarBelowMinCoverage_PillarHasNoValueAndCountsNothing()
    {
        // C with c1 only: coverage 0.5 < 0.66, so C has no value, and its half-covered weight does not count
        // for the root: coverage (2 + 1 + 0) / 4 = 0.75; root = (2·70 + 1·50) / 3 = 190 / 3.
        var result = TestScorer.Score(M, ("a1", 60), ("a2", 80), ("b1", 40), ("b2", 80), ("c1", 10));

        Assert.Equal(190.0 / 3, result.Score!.Value, 12);
        Assert.Equal(0.75, result.Coverage, 12);
        var c = result.Node("pillarC");
        Assert.Equal(NodeFlags.BelowCoverage, c.Flags);
        Assert.Equal(0.5, c.Coverage, 12);
        Assert.False(c.HasValue);
        Assert.Equal(0, c.Contribution);
    }

    [Fact]
    public void Score_RootBelowMinCoverage_HasNoScoreAndSaysWhy()
    {
        // Only A: coverage 2/4 = 0.5 < 0.66.
        var result = TestScorer.Score(M, ("a1", 60), ("a2", 80));

        Assert.Null(result.Score);
        Assert.True(double.IsNaN(result.RawScore));
        Assert.Equal(NodeFlags.BelowCoverage, result.Nodes[0].Flags);
        Assert.Equal(0.5, result.Coverage, 12);
        Assert.Null(result.Tier);
        Assert.Equal(-1, result.Bottleneck);
        Assert.Null(result.PointsToNextTier);
        // The pillar that had its data still reports its value.
        Assert.Equal(70, result.Node("pillarA").Normalized, 12);
    }

    [Fact]
    public void Score_NoInputs_RootIsMissing()
    {
        var result = TestScorer.Score(M);

        Assert.Null(result.Score);
        Assert.Equal(NodeFlags.Missing, result.Nodes[0].Flags);
        Assert.Equal(0, result.Coverage);
    }

    [Fact]
    public void Score_CoverageExactlyAtMinCoverage_IsComputed()
    {
        // minCoverage 0.75 and B without b2 has coverage exactly 0.75: the threshold is inclusive.
        var m = Tiny.TwoLevel(minCoverage: 0.75);

        var result = TestScorer.Score(m, ("a1", 60), ("a2", 80), ("b1", 40), ("c1", 20), ("c2", 40));

        Assert.Equal(40, result.Node("pillarB").Normalized, 12);
        Assert.Equal(52.5, result.Score!.Value, 12);
    }

    [Fact]
    public void Score_PillarGivenDirectly_SupersedesItsDescendants()
    {
        // A given as 70: root = (2·70 + 1·50 + 1·30) / 4 = 220 / 4 = 55, as with A's leaves.
        var result = TestScorer.Score(M, ("pillarA", 70), ("b1", 40), ("b2", 80), ("c1", 20), ("c2", 40));

        Assert.Equal(55, result.Score!.Value, 12);
        Assert.Equal(1, result.Coverage, 12);
        var a = result.Node("pillarA");
        Assert.Equal(NodeFlags.Given, a.Flags);
        Assert.Equal(70, a.Value);
        Assert.Equal(1, a.Coverage);
        Assert.Equal(35, a.Contribution, 12);
        foreach (var leaf in new[] { "a1", "a2" })
        {
            // Not "missing": the client answered for them at the pillar level.
            Assert.Equal(NodeFlags.Superseded, result.Node(leaf).Flags);
            Assert.False(result.Node(leaf).HasValue);
            Assert.Equal(0, result.Node(leaf).Contribution);
        }
    }

    [Fact]
    public void Score_AllPillarsGiven_EqualsTheSameScoreFromLeaves()
    {
        var fromLeaves = TestScorer.Score(M, ("a1", 60), ("a2", 80), ("b1", 40), ("b2", 80), ("c1", 20), ("c2", 40));
        var fromPillars = TestScorer.Score(M, ("pillarA", 70), ("pillarB", 50), ("pillarC", 30));

        Assert.Equal(fromLeaves.Score!.Value, fromPillars.Score!.Value, 12);
    }
}
