namespace ReadinessApi.Scoring.Tests;

/// <summary>Competition ranking ("1224") and percentiles (share of the cohort strictly below).</summary>
public sealed class RankingTests
{
    [Fact]
    public void Competition_Ties_ShareTheBestRankAndSkipTheNext()
    {
        // Sorted: 90 → 1, 80 and 80 → 2, 70 → 4 ("1224"), reported in input order.
        var ranks = Ranking.Competition([70, 90, 80, 80], out int ranked);

        Assert.Equal([4, 1, 2, 2], ranks);
        Assert.Equal(4, ranked);
    }

    [Fact]
    public void Competition_NoScore_IsUnrankedAndDoesNotTakeARank()
    {
        var ranks = Ranking.Competition([50, double.NaN, 60], out int ranked);

        Assert.Equal([2, 0, 1], ranks);
        Assert.Equal(2, ranked);
    }

    [Fact]
    public void Competition_DifferenceBelowOneNanopoint_IsATie()
    {
        // The last bits of a floating-point sum must not split two equal scores.
        var ranks = Ranking.Competition([80, 80 + 1e-12, 70], out _);

        Assert.Equal([1, 1, 3], ranks);
    }

    [Fact]
    public void Competition_RealDifference_IsNotATie()
    {
        var ranks = Ranking.Competition([80, 80.000001], out _);

        Assert.Equal([2, 1], ranks);
    }

    [Theory]
    // Cohort 90, 80, 80, 70: rank = 1 + how many score higher, percentile = share strictly below.
    [InlineData(90, 1, 0.75)]
    [InlineData(80, 2, 0.25)]
    [InlineData(70, 4, 0.0)]
    [InlineData(95, 1, 1.0)]   // above everyone in the cohort
    [InlineData(75, 4, 0.25)]  // between members
    [InlineData(10, 5, 0.0)]   // below everyone
    public void Place_ScoreAgainstCohort_GivesCompetitionRankAndPercentile(double score, int rank, double percentile)
    {
        var placement = new Ranking.Placement([90, 80, double.NaN, 80, 70]);

        var (r, p) = placement.Place(score);

        Assert.Equal(4, placement.Count);
        Assert.Equal(rank, r);
        Assert.Equal(percentile, p, 12);
    }

    [Fact]
    public void Place_EmptyCohort_IsFirstAtPercentileZero()
    {
        Assert.Equal((1, 0.0), new Ranking.Placement([]).Place(50));
    }
}
