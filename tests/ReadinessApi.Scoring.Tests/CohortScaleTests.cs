using ReadinessApi.Scoring.Tests.Support;

namespace ReadinessApi.Scoring.Tests;

/// <summary>Cohort rescales (GAII style): the extremes of the cohort's raw scores, applied and inverted.</summary>
public sealed class CohortScaleTests
{
    [Fact]
    public void From_RawScores_TakesTheFiniteExtremes()
    {
        // NaN (no score) and infinities are not members' scores.
        var scale = CohortScale.From([40, double.NaN, 20, 60, double.PositiveInfinity]);

        Assert.Equal(new CohortScale(20, 60), scale);
    }

    [Fact]
    public void From_NoFiniteScores_IsNull()
    {
        Assert.Null(CohortScale.From([double.NaN, double.NaN]));
        Assert.Null(CohortScale.From([]));
    }

    [Theory]
    // min-max over [20, 60]: 100·(x − 20)/40
    [InlineData(RescaleRule.CohortMinMax, 20, 0)]
    [InlineData(RescaleRule.CohortMinMax, 40, 50)]
    [InlineData(RescaleRule.CohortMinMax, 60, 100)]
    // fraction of leader: 100·x/60
    [InlineData(RescaleRule.CohortFractionOfLeader, 30, 50)]
    [InlineData(RescaleRule.CohortFractionOfLeader, 60, 100)]
    [InlineData(RescaleRule.None, 42, 42)]
    public void Apply_RawScore_RescalesAndInvertsBack(RescaleRule rule, double raw, double expected)
    {
        var scale = new CohortScale(20, 60);

        Assert.Equal(expected, scale.Apply(rule, raw), 12);
        Assert.Equal(raw, scale.Invert(rule, expected), 12);
    }

    [Fact]
    public void Apply_CohortWithoutSpread_EveryoneTiesWithTheLeader()
    {
        Assert.Equal(100, new CohortScale(35, 35).Apply(RescaleRule.CohortMinMax, 35));
    }

    [Fact]
    public void Score_MinMaxMethodologyOverACohort_RescalesEachMember()
    {
        // Members score raw 20, 60 and 40: rescaled 0, 100 and 50; the raw score stays in the explanation.
        var m = Tiny.Flat(Aggregation.Arithmetic, [1, 1], rescale: RescaleRule.CohortMinMax);
        double[][] members = [[20, 20], [60, 60], [40, 40]];
        var raw = members.Select(x => TestScorer.Score(m, ("a", x[0]), ("b", x[1])).RawScore).ToArray();
        var cohort = CohortScale.From(raw);

        var scores = members.Select(x => TestScorer.Score(m, [KeyValuePair.Create("a", x[0]), KeyValuePair.Create("b", x[1])], cohort)).ToArray();

        Assert.Equal([0.0, 100.0, 50.0], scores.Select(s => Math.Round(s.Score!.Value, 12)));
        Assert.All(scores, s => Assert.True(s.Rescaled));
        Assert.Equal(40, scores[2].RawScore, 12);
        // Contributions follow the rescaled score.
        Assert.Equal(50, scores[2].Node("a").Contribution + scores[2].Node("b").Contribution, 12);
    }

    [Fact]
    public void Score_FractionOfLeaderMethodology_DividesByTheLeader()
    {
        // Leader raw 80: a member at raw 20 scores 100·20/80 = 25.
        var m = Tiny.Flat(Aggregation.Arithmetic, [1, 1], rescale: RescaleRule.CohortFractionOfLeader);

        var result = TestScorer.Score(m, [KeyValuePair.Create("a", 10.0), KeyValuePair.Create("b", 30.0)], new CohortScale(5, 80));

        Assert.Equal(25, result.Score!.Value, 12);
    }

    [Fact]
    public void Score_RescaleMethodologyWithoutCohort_ReportsTheRawScore()
    {
        var m = Tiny.Flat(Aggregation.Arithmetic, [1, 1], rescale: RescaleRule.CohortMinMax);

        var result = TestScorer.Score(m, ("a", 10), ("b", 30));

        Assert.False(result.Rescaled);
        Assert.Equal(20, result.Score!.Value, 12);
    }

    [Fact]
    public void Score_MethodologyWithoutRescale_IgnoresACohort()
    {
        // Frozen normalisation: a country's score must not depend on who else is in the request.
        var m = Tiny.Flat(Aggregation.Arithmetic, [1, 1]);

        var result = TestScorer.Score(m, [KeyValuePair.Create("a", 10.0), KeyValuePair.Create("b", 30.0)], new CohortScale(5, 80));

        Assert.False(result.Rescaled);
        Assert.Equal(20, result.Score!.Value, 12);
    }
}
