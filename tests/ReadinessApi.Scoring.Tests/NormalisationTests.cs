using ReadinessApi.Scoring.Tests.Support;

namespace ReadinessApi.Scoring.Tests;

/// <summary>Goalposts, direction and the log transform, each on a methodology with a single leaf.</summary>
public sealed class NormalisationTests
{
    private static readonly ValueRange Wide = new(0, 10_000);

    [Theory]
    // goalposts [10, 60]: I = (x − 10) / 50 · 100
    [InlineData(35, 50, false)]   // (35 − 10)/50 = 0.5
    [InlineData(10, 0, false)]    // at the lower goalpost: 0, not clamped
    [InlineData(60, 100, false)]  // at the upper goalpost: 100, not clamped
    [InlineData(5, 0, true)]      // below: clamped to 0
    [InlineData(70, 100, true)]   // above: clamped to 100
    public void Goalposts_Value_IsScaledAndClamped(double x, double expected, bool clamped)
    {
        var leaf = ScoreLeaf(new Goalposts(10, 60), x);

        Assert.Equal(expected, leaf.Normalized, 12);
        Assert.Equal(x, leaf.Value);
        Assert.Equal(clamped, leaf.Flags.HasFlag(NodeFlags.Clamped));
        Assert.True(leaf.Flags.HasFlag(NodeFlags.Given));
    }

    [Theory]
    // direction −1 on [10, 60]: I = 100 − (x − 10)/50 · 100
    [InlineData(20, 80, false)]   // 100 − 20
    [InlineData(60, 0, false)]
    [InlineData(70, 0, true)]     // above the upper goalpost: clamped, then reversed to 0
    [InlineData(0, 100, true)]    // below the lower: clamped to 0, reversed to 100
    public void Goalposts_DirectionMinusOne_IsReversed(double x, double expected, bool clamped)
    {
        var leaf = ScoreLeaf(new Goalposts(10, 60, Direction: -1), x);

        Assert.Equal(expected, leaf.Normalized, 12);
        Assert.Equal(clamped, leaf.Flags.HasFlag(NodeFlags.Clamped));
    }

    [Theory]
    // log on [1, 1000]: I = ln x / ln 1000 · 100
    [InlineData(10, 100.0 / 3, false)]   // ln 10 / ln 1000 = 1/3
    [InlineData(100, 200.0 / 3, false)]  // 2/3
    [InlineData(0.5, 0, true)]           // ln 0.5 < ln 1: clamped
    [InlineData(0, 0, true)]             // ln 0 = −∞: clamped, not NaN
    public void Log_Value_IsLoggedBeforeGoalposts(double x, double expected, bool clamped)
    {
        var leaf = ScoreLeaf(new Goalposts(1, 1000, Log: true), x);

        Assert.Equal(expected, leaf.Normalized, 12);
        Assert.Equal(clamped, leaf.Flags.HasFlag(NodeFlags.Clamped));
    }

    [Theory]
    // log with offset 1 on [0, 999]: I = ln(1 + x) / ln 1000 · 100, so an observed zero stays finite
    [InlineData(9, 100.0 / 3, false)]   // ln 10 / ln 1000
    [InlineData(0, 0, false)]           // ln 1 = 0: the lower goalpost itself
    [InlineData(999, 100, false)]
    public void Log_WithOffset_ShiftsBeforeTheLog(double x, double expected, bool clamped)
    {
        var leaf = ScoreLeaf(new Goalposts(0, 999, Log: true, LogOffset: 1), x);

        Assert.Equal(expected, leaf.Normalized, 12);
        Assert.Equal(clamped, leaf.Flags.HasFlag(NodeFlags.Clamped));
    }

    [Fact]
    public void Goalposts_LeafOnAnotherScale_ReportsRawValueAndScore()
    {
        // An IMF dimension: 0.2 on goalposts [0, 0.25] is 80; the root (one leaf) scores 80 on 0–100.
        var leaf = ScoreLeaf(new Goalposts(0, 0.25), 0.2, new ValueRange(0, 0.25));

        Assert.Equal(0.2, leaf.Value);
        Assert.Equal(80, leaf.Normalized, 12);
    }

    private static NodeScore ScoreLeaf(Goalposts goalposts, double x, ValueRange? scale = null)
    {
        var m = Methodology.Compile(Tiny.Document(
            Tiny.Inner("root", 1, Aggregation.Arithmetic, Tiny.Leaf("x", 1, goalposts, scale ?? Wide))));
        var result = TestScorer.Score(m, ("x", x));
        // One leaf: the score is its normalised value.
        Assert.Equal(result.Node("x").Normalized, result.Score!.Value, 12);
        return result.Node("x");
    }
}
