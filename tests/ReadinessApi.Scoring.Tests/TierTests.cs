using ReadinessApi.Scoring.Tests.Support;

namespace ReadinessApi.Scoring.Tests;

/// <summary>
/// Tiers, the bottleneck pillar and pointsToNextTier, on flat methodologies whose leaves are the pillars.
/// Tiers (unless stated): leader ≥ 70, advanced ≥ 50, emerging ≥ 30, nascent ≥ 0.
/// </summary>
public sealed class TierTests
{
    [Fact]
    public void PointsToNextTier_Arithmetic_IsTheClosedForm()
    {
        // Weights 3:1, both 40: score 40 (emerging). a gains 3/4 per point, b 1/4: a is the bottleneck.
        // Reaching 50 needs (50 − 40) · 4/3 = 40/3 points on a.
        var m = Tiny.Flat(Aggregation.Arithmetic, [3, 1], Tiny.FourTiers);

        var result = TestScorer.Score(m, ("a", 40), ("b", 40));

        Assert.Equal("emerging", result.Tier);
        Assert.Equal("a", result.Methodology.Nodes[result.Bottleneck].Id);
        Assert.Equal("advanced", result.NextTier);
        Assert.Equal(40.0 / 3, result.PointsToNextTier!.Value, 9);
        AssertReachesTier(m, result, "advanced", ("a", 40), ("b", 40));
    }

    [Theory]
    [InlineData(AggregationRule.Arithmetic)]
    [InlineData(AggregationRule.Geometric)]
    public void Bottleneck_EqualGains_IsTheFirstPillarInTheMethodologysOrder(AggregationRule rule)
    {
        // Equal weights, equal values: every pillar lifts the score equally; the documented tie rule names
        // the first, whatever order the inputs come in.
        var m = Tiny.Flat(new Aggregation(rule), [1, 1, 1], Tiny.FourTiers);

        Assert.Equal("a", m.Nodes[TestScorer.Score(m, ("a", 40), ("b", 40), ("c", 40)).Bottleneck].Id);
        Assert.Equal("a", m.Nodes[TestScorer.Score(m, ("c", 40), ("b", 40), ("a", 40)).Bottleneck].Id);
        // A pillar at its upper goalpost cannot rise: the tie is then among the others.
        Assert.Equal("b", m.Nodes[TestScorer.Score(m, ("a", 100), ("b", 40), ("c", 40)).Bottleneck].Id);
    }

    [Fact]
    public void PointsToNextTier_Geometric_IsTheClosedForm()
    {
        // Weights 1:1, a 16, b 64: sqrt(16·64) = 32 (emerging). The ratio w/I is larger for a: bottleneck a.
        // sqrt((16 + δ)·64) = 50 ⇒ 16 + δ = 2500/64 = 39.0625 ⇒ δ = 23.0625.
        var m = Tiny.Flat(new Aggregation(AggregationRule.Geometric), [1, 1], Tiny.FourTiers);

        var result = TestScorer.Score(m, ("a", 16), ("b", 64));

        Assert.Equal(32, result.Score!.Value, 9);
        Assert.Equal("a", result.Methodology.Nodes[result.Bottleneck].Id);
        Assert.Equal("advanced", result.NextTier);
        Assert.Equal(23.0625, result.PointsToNextTier!.Value, 9);
    }

    [Fact]
    public void PointsToNextTier_GeneralisedMean_IsFoundByBisection()
    {
        // p = 2, a 30, b 40: sqrt((900 + 1600)/2) ≈ 35.36 (emerging). A quadratic mean rewards the larger
        // value: bottleneck b. (900 + (40 + δ)²)/2 = 2500 ⇒ 40 + δ = sqrt(4100) ⇒ δ = sqrt(4100) − 40 ≈ 24.03.
        var m = Tiny.Flat(new Aggregation(AggregationRule.GeneralisedMean, 2), [1, 1], Tiny.FourTiers);

        var result = TestScorer.Score(m, ("a", 30), ("b", 40));

        Assert.Equal("b", result.Methodology.Nodes[result.Bottleneck].Id);
        Assert.Equal(Math.Sqrt(4100) - 40, result.PointsToNextTier!.Value, 9);
    }

    [Fact]
    public void PointsToNextTier_Minimum_IsFoundByBisection()
    {
        // min(40, 80, 60) = 40: only a can lift it. It must reach 50 (the others are higher): δ = 10.
        var m = Tiny.Flat(new Aggregation(AggregationRule.Minimum), [1, 1, 1], Tiny.FourTiers);

        var result = TestScorer.Score(m, ("a", 40), ("b", 80), ("c", 60));

        Assert.Equal("a", result.Methodology.Nodes[result.Bottleneck].Id);
        Assert.Equal("advanced", result.NextTier);
        Assert.Equal(10, result.PointsToNextTier!.Value, 9);
    }

    [Fact]
    public void PointsToNextTier_ArithmeticOutOfReach_IsNull()
    {
        // Tiers high ≥ 60, low ≥ 0. Both 10 with equal weights: 60 needs (60 − 10)·2 = 100 points, a has 90 of room.
        var m = Tiny.Flat(Aggregation.Arithmetic, [1, 1], [new("high", 60), new("low", 0)]);

        var result = TestScorer.Score(m, ("a", 10), ("b", 10));

        Assert.Equal("low", result.Tier);
        Assert.Equal("high", result.NextTier);
        Assert.Null(result.PointsToNextTier);
    }

    [Fact]
    public void PointsToNextTier_MinimumOutOfReach_IsNull()
    {
        // min(40, 45): raising a to 100 leaves the minimum at 45, short of 50.
        var m = Tiny.Flat(new Aggregation(AggregationRule.Minimum), [1, 1], Tiny.FourTiers);

        var result = TestScorer.Score(m, ("a", 40), ("b", 45));

        Assert.Equal("a", result.Methodology.Nodes[result.Bottleneck].Id);
        Assert.Equal("advanced", result.NextTier);
        Assert.Null(result.PointsToNextTier);
    }

    [Fact]
    public void Tier_ScoreOnAThresholdUpToRounding_IsInThatTier()
    {
        // (0.1·10 + 0.2·100)/0.3 = 70 exactly, but 69.99999999999999 in floating point: still a leader.
        var m = Tiny.Flat(Aggregation.Arithmetic, [0.1, 0.2], Tiny.FourTiers);

        var result = TestScorer.Score(m, ("a", 10), ("b", 100));

        Assert.Equal(70, result.Score!.Value, 12);
        Assert.Equal("leader", result.Tier);
        Assert.Null(result.NextTier);
    }

    [Fact]
    public void PointsToNextTier_TopTier_HasNoNextTier()
    {
        var m = Tiny.Flat(Aggregation.Arithmetic, [1, 1], Tiny.FourTiers);

        var result = TestScorer.Score(m, ("a", 90), ("b", 80));

        Assert.Equal("leader", result.Tier);
        Assert.Null(result.NextTier);
        Assert.Null(result.PointsToNextTier);
        // The bottleneck is still named (both gain ½ a point; the first in the tree wins the tie).
        Assert.Equal("a", result.Methodology.Nodes[result.Bottleneck].Id);
    }

    [Fact]
    public void Bottleneck_PillarAtItsUpperGoalpost_IsSkipped()
    {
        // a weighs 3 but is at 100 and cannot rise: b is the bottleneck although it weighs 1.
        var m = Tiny.Flat(Aggregation.Arithmetic, [3, 1], Tiny.FourTiers);

        var result = TestScorer.Score(m, ("a", 100), ("b", 0));

        Assert.Equal("b", result.Methodology.Nodes[result.Bottleneck].Id);
    }

    [Fact]
    public void Bottleneck_AllPillarsAtTheTop_IsNone()
    {
        var m = Tiny.Flat(Aggregation.Arithmetic, [1, 1], Tiny.FourTiers);

        var result = TestScorer.Score(m, ("a", 100), ("b", 100));

        Assert.Equal(-1, result.Bottleneck);
        Assert.Null(result.PointsToNextTier);
    }

    [Fact]
    public void PointsToNextTier_BelowEveryTier_TargetsTheLowestTier()
    {
        // Tiers leader ≥ 70, advanced ≥ 50 only: 40 has no tier; advanced needs (50 − 40)·2 = 20 points.
        var m = Tiny.Flat(Aggregation.Arithmetic, [1, 1], [new("leader", 70), new("advanced", 50)]);

        var result = TestScorer.Score(m, ("a", 40), ("b", 40));

        Assert.Null(result.Tier);
        Assert.Equal(-1, result.TierIndex);
        Assert.Equal("advanced", result.NextTier);
        Assert.Equal(20, result.PointsToNextTier!.Value, 9);
    }

    [Fact]
    public void PointsToNextTier_PublishedScaleNotHundred_ConvertsTheThreshold()
    {
        // Published on 0–1 with tiers high ≥ 0.5: 40 internal is 0.4; 0.5 is 50 internal: (50 − 40)·2 = 20.
        var m = Methodology.Compile(Tiny.Document(
            Tiny.Inner("root", 1, Aggregation.Arithmetic, Tiny.Leaf("a"), Tiny.Leaf("b")),
            tiers: [new("high", 0.5), new("low", 0)], scaleMax: 1));

        var result = TestScorer.Score(m, ("a", 40), ("b", 40));

        Assert.Equal(0.4, result.Score!.Value, 12);
        Assert.Equal("low", result.Tier);
        Assert.Equal(20, result.PointsToNextTier!.Value, 9);
    }

    [Fact]
    public void PointsToNextTier_CohortRescaled_HoldsTheCohortFixed()
    {
        // Cohort raw extremes 20 and 60: raw 40 rescales to 50 (advanced). Leader (70) needs raw
        // 20 + 70·(60 − 20)/100 = 48, i.e. (48 − 40)·2 = 16 points on either equal-weight pillar.
        var m = Tiny.Flat(Aggregation.Arithmetic, [1, 1], Tiny.FourTiers, rescale: RescaleRule.CohortMinMax);

        var result = TestScorer.Score(m, [KeyValuePair.Create("a", 40.0), KeyValuePair.Create("b", 40.0)], new CohortScale(20, 60));

        Assert.Equal(50, result.Score!.Value, 12);
        Assert.Equal("advanced", result.Tier);
        Assert.Equal("leader", result.NextTier);
        Assert.Equal(16, result.PointsToNextTier!.Value, 9);
    }

    /// <summary>The answer is useful only if taking it reaches the tier: re-score with the bottleneck raised.</summary>
    private static void AssertReachesTier(Methodology m, ScoreResult result, string tier, params (string Id, double Value)[] inputs)
    {
        string bottleneck = m.Nodes[result.Bottleneck].Id;
        var raised = inputs.Select(x => x.Id == bottleneck ? (x.Id, x.Value + result.PointsToNextTier!.Value + 1e-9) : x).ToArray();
        Assert.Equal(tier, TestScorer.Score(m, raised).Tier);
    }
}
