using ReadinessApi.Scoring.Tests.Support;

namespace ReadinessApi.Scoring.Tests;

/// <summary>
/// Each aggregation rule on a root over two or three leaves with goalposts [0, 100], so the leaves' values
/// are their normalised values and the expectations below can be checked with a pocket calculator.
/// </summary>
public sealed class AggregationTests
{
    private static readonly Aggregation Geometric = new(AggregationRule.Geometric);
    private static readonly Aggregation Minimum = new(AggregationRule.Minimum);

    [Fact]
    public void Arithmetic_WeightedValues_GivesWeightedMean()
    {
        // (1·20 + 3·60) / 4 = 200 / 4 = 50
        var m = Tiny.Flat(Aggregation.Arithmetic, [1, 3]);

        var result = TestScorer.Score(m, ("a", 20), ("b", 60));

        Assert.Equal(50, result.Score!.Value, 12);
    }

    [Fact]
    public void Geometric_WeightedValues_GivesWeightedGeometricMean()
    {
        // (8^1 · 64^2)^(1/3) = (8 · 4096)^(1/3) = 32768^(1/3) = 32
        var m = Tiny.Flat(Geometric, [1, 2]);

        var result = TestScorer.Score(m, ("a", 8), ("b", 64));

        Assert.Equal(32, result.Score!.Value, 9);
    }

    [Fact]
    public void Geometric_ZeroValue_IsLiftedToTheFloor()
    {
        // floor 1: sqrt(max(0, 1) · 100) = sqrt(100) = 10, where an unfloored mean would be 0
        var m = Tiny.Flat(Geometric, [1, 1]);

        var result = TestScorer.Score(m, ("a", 0), ("b", 100));

        Assert.Equal(10, result.Score!.Value, 9);
    }

    [Fact]
    public void Geometric_FloorFromTheMethodology_IsTheOneApplied()
    {
        // geometricFloor 4: sqrt(max(0, 4) · 100) = sqrt(400) = 20
        var m = Tiny.Flat(Geometric, [1, 1], geometricFloor: 4);

        var result = TestScorer.Score(m, ("a", 0), ("b", 100));

        Assert.Equal(20, result.Score!.Value, 9);
    }

    [Fact]
    public void Geometric_AllValuesAtTheTop_StaysOnTheScale()
    {
        // exp(ln 100) is 100.00000000000004 in floating point; a mean never leaves its inputs' range, so the
        // score must be exactly 100 (a leader threshold at 100 or a range check must not see 100 + ε).
        var m = Tiny.Flat(Geometric, [0.3, 0.3, 0.2, 0.2]);

        var result = TestScorer.Score(m, ("a", 100), ("b", 100), ("c", 100), ("d", 100));

        Assert.Equal(100, result.Score!.Value);
    }

    [Fact]
    public void GeneralisedMean_ExponentTwo_GivesQuadraticMean()
    {
        // p = 2: sqrt((10² + 70²) / 2) = sqrt((100 + 4900) / 2) = sqrt(2500) = 50
        var m = Tiny.Flat(new Aggregation(AggregationRule.GeneralisedMean, 2), [1, 1]);

        var result = TestScorer.Score(m, ("a", 10), ("b", 70));

        Assert.Equal(50, result.Score!.Value, 9);
    }

    [Fact]
    public void GeneralisedMean_ExponentMinusOne_GivesHarmonicMean()
    {
        // p = −1: 2 / (1/30 + 1/60) = 2 / (3/60) = 40
        var m = Tiny.Flat(new Aggregation(AggregationRule.GeneralisedMean, -1), [1, 1]);

        var result = TestScorer.Score(m, ("a", 30), ("b", 60));

        Assert.Equal(40, result.Score!.Value, 9);
    }

    [Fact]
    public void GeneralisedMean_NegativeExponentWithZero_UsesTheFloor()
    {
        // p = −1 would divide by zero at 0; with the floor 1: 2 / (1/1 + 1/50) = 2 / (51/50) = 100/51
        var m = Tiny.Flat(new Aggregation(AggregationRule.GeneralisedMean, -1), [1, 1]);

        var result = TestScorer.Score(m, ("a", 0), ("b", 50));

        Assert.Equal(100.0 / 51, result.Score!.Value, 9);
    }

    [Fact]
    public void Minimum_ThreeValues_GivesTheWeakest()
    {
        // min(80, 35, 60) = 35, whatever the weights
        var m = Tiny.Flat(Minimum, [5, 1, 1]);

        var result = TestScorer.Score(m, ("a", 80), ("b", 35), ("c", 60));

        Assert.Equal(35, result.Score!.Value);
    }

    [Fact]
    public void Minimum_ZeroWeightChild_IsIgnored()
    {
        // b has weight 0, so it does not take part: min over {a} = 90
        var m = Tiny.Flat(Minimum, [1, 0]);

        var result = TestScorer.Score(m, ("a", 90), ("b", 10));

        Assert.Equal(90, result.Score!.Value);
    }

    [Theory]
    [InlineData(AggregationRule.Arithmetic)]
    [InlineData(AggregationRule.Geometric)]
    [InlineData(AggregationRule.GeneralisedMean)]
    [InlineData(AggregationRule.Minimum)]
    public void AnyRule_EqualValues_GivesThatValue(AggregationRule rule)
    {
        // Every mean of equal values is that value: 37 under every rule.
        var m = Tiny.Flat(new Aggregation(rule, rule == AggregationRule.GeneralisedMean ? -1 : null), [1, 2, 3]);

        var result = TestScorer.Score(m, ("a", 37), ("b", 37), ("c", 37));

        Assert.Equal(37, result.Score!.Value, 12);
    }
}
