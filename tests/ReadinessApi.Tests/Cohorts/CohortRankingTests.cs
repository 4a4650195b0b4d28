using ReadinessApi.Scoring;
using ReadinessApi.Scoring.Cohorts;

namespace ReadinessApi.Tests.Cohorts;

/// <summary>Ranking a cohort and placing a new score in it, on small tables worked out by hand.</summary>
public sealed class CohortRankingTests
{
    private static readonly MethodologyCatalog Catalog = MethodologyCatalog.Embedded;

    private static Cohort Pillars() => CohortParser.Parse("test-pillars", "test-pillars.csv",
        Infrastructure.CohortFolders.TestPillarsCsv, new CohortMetadata(Methodology: "readiness-v1"), Catalog);

    private static Cohort Gaii() => CohortParser.Parse("test-gaii", "test-gaii.csv",
        Infrastructure.CohortFolders.TestGaiiCsv, new CohortMetadata(Methodology: "gaii-2021"), Catalog);

    [Fact]
    public void Compute_Readiness_RanksWithTiesPercentilesAndNamesTheUnranked()
    {
        var ranking = CohortRanking.Compute(Catalog["readiness-v1"], Pillars());

        // USA: (0.3·80 + 0.3·90 + 0.2·70) / 0.8 = 81.25 (computeAccess missing, coverage 0.8)
        // DEU: 0.3·40 + 0.3·60 + 0.2·30 + 0.2·70 = 50; FRA: 50 (tie); IND: 6 + 9 + 8 + 10 = 33; RUS: 18.45
        // Percentile = share of the 5 ranked strictly below. BRA: coverage 0.3 < 0.66, unranked.
        var expected = new (string Country, int? Rank, double? Score, string? Tier, double? Percentile)[]
        {
            ("USA", 1, 81.25, "leader", 0.8),
            ("DEU", 2, 50, "advanced", 0.4),
            ("FRA", 2, 50, "advanced", 0.4),
            ("IND", 4, 33, "emerging", 0.2),
            ("RUS", 5, 18.45, "nascent", 0.0),
            ("BRA", null, null, null, null),
        };
        Assert.Equal(5, ranking.Ranked);
        Assert.Equal(expected.Length, ranking.Members.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            var (country, rank, score, tier, percentile) = expected[i];
            var m = ranking.Members[i];
            Assert.Equal(country, m.Country);
            Assert.Equal(rank, m.Rank);
            Assert.Equal(tier, m.Tier);
            Assert.Equal(percentile, m.Percentile);
            if (score is { } s)
            {
                Assert.Equal(s, m.Score!.Value, 9);
            }
            else
            {
                Assert.Null(m.Score);
            }
        }
        Assert.Equal(0.8, ranking.Members[0].Coverage, 12);
        Assert.Contains("below the minimum 66%", ranking.Members[5].Unranked);
        Assert.Contains("implementation", ranking.Members[5].Unranked);
        Assert.Null(ranking.Scale);
    }

    [Fact]
    public void Compute_CohortMinMax_RescalesOverTheCohort()
    {
        var ranking = CohortRanking.Compute(Catalog["gaii-2021"], Gaii());

        // raw: USA 100, GBR 50, CHN 5/24·100 = 20.8333, PAK 10; min–max over [10, 100]:
        // USA 100, GBR 40/90·100 = 44.444, CHN 10.8333/90·100 = 12.037, PAK 0.
        Assert.Equal(["USA", "GBR", "CHN", "PAK"], ranking.Members.Select(m => m.Country));
        Assert.Equal([1, 2, 3, 4], ranking.Members.Select(m => m.Rank!.Value));
        Assert.Equal(100, ranking.Members[0].Score!.Value, 9);
        Assert.Equal(400.0 / 9, ranking.Members[1].Score!.Value, 9);
        Assert.Equal((500.0 / 24 - 10) / 90 * 100, ranking.Members[2].Score!.Value, 9);
        Assert.Equal(0, ranking.Members[3].Score!.Value, 9);
        Assert.Equal(new CohortScale(10, 100), ranking.Scale);
    }

    [Fact]
    public void Place_ReplacesOwnRowAndAddsNewCountries()
    {
        var m = Catalog["readiness-v1"];
        var ranking = CohortRanking.Compute(m, Pillars());

        // RUS is a member: its row is replaced, so 5 ranked, last, nobody below.
        Assert.Equal(Round(new CohortPlacement(5, 5, 0, 18.45, null)), Round(ranking.Place(m, "RUS", 18.45)));
        // CHN at 60 is new: 6 ranked; only USA above; DEU, FRA, IND, RUS below.
        Assert.Equal(Round(new CohortPlacement(2, 6, 4.0 / 6, 60, null)), Round(ranking.Place(m, "CHN", 60)));
        // A tie shares the best rank; ties are not "below".
        Assert.Equal(Round(new CohortPlacement(2, 6, 2.0 / 6, 50, null)), Round(ranking.Place(m, "CHN", 50)));
    }

    [Fact]
    public void Place_CohortMinMax_RescalesWithTheNewScoreIncluded()
    {
        var m = Catalog["gaii-2021"];
        var ranking = CohortRanking.Compute(m, Gaii());

        // RUS raw 40 within [10, 100]: (40 − 10)/90·100 = 33.33; USA and GBR above, CHN and PAK below.
        var inside = ranking.Place(m, "RUS", 40);
        Assert.Equal((3, 5, 0.4), (inside.Rank, inside.Size, inside.Percentile));
        Assert.Equal(100.0 / 3, inside.Score, 9);
        Assert.Equal(new CohortScale(10, 100), inside.Scale);
        // RUS raw 5 is below the cohort's minimum: it becomes the minimum (score 0) and ranks last.
        var below = ranking.Place(m, "RUS", 5);
        Assert.Equal((5, 5, 0.0, 0.0), (below.Rank, below.Size, below.Percentile, below.Score));
        Assert.Equal(new CohortScale(5, 100), below.Scale);
    }

    [Fact]
    public void Place_UnderAnotherMethodology_IsRefused() =>
        Assert.Throws<ArgumentException>(() => CohortRanking.Compute(Catalog["readiness-v1"], Pillars()).Place(Catalog["readiness-v1-balanced"], "RUS", 10));

    [Fact]
    public void Compute_ValueOffTheMethodologysScale_LeavesTheMemberUnrankedWithTheReason()
    {
        // No declared methodology: the file loads, but under imf-aipi-2023 (inputs on 0–0.25) 0.3 is off the scale.
        var cohort = CohortParser.Parse("c", "c.csv",
            "country,name,digitalInfrastructure,humanCapital,innovationIntegration,regulationEthics\nRUS,Russia,0.3,0.1,0.1,0.1\nDEU,Germany,0.2,0.2,0.2,0.2\n", null, Catalog);
        var ranking = CohortRanking.Compute(Catalog["imf-aipi-2023"], cohort);
        Assert.Equal(1, ranking.Ranked);
        Assert.Equal(("DEU", 0.8), (ranking.Members[0].Country, Math.Round(ranking.Members[0].Score!.Value, 12)));
        Assert.Contains("digitalInfrastructure", ranking.Members[1].Unranked);
        Assert.Contains("outside the scale", ranking.Members[1].Unranked);
    }

    [Fact]
    public void Within_RanksAGroupAmongItselfWithTheCohortsScores()
    {
        var ranking = CohortRanking.Compute(Catalog["readiness-v1"], Pillars());

        var g7 = ranking.Within(c => c is "USA" or "DEU" or "FRA" or "GBR");
        Assert.Equal(["USA", "DEU", "FRA"], g7.Members.Select(m => m.Country));
        Assert.Equal([1, 2, 2], g7.Members.Select(m => m.Rank!.Value));
        Assert.Equal([2.0 / 3, 0, 0], g7.Members.Select(m => m.Percentile!.Value));
        Assert.Equal(50, g7.Members[1].Score!.Value, 9);
        Assert.Equal(3, g7.Ranked);

        var brics = ranking.Within(c => c is "BRA" or "RUS" or "IND" or "CHN");
        Assert.Equal(["IND", "RUS", "BRA"], brics.Members.Select(m => m.Country));
        Assert.Equal([1, 2], brics.Members.Take(2).Select(m => m.Rank!.Value));
        Assert.Null(brics.Members[2].Rank);
        Assert.Equal(0.5, brics.Members[0].Percentile);
    }

    [Fact]
    public void Place_WithinAGroup_RescalesOverTheCohortButCountsTheGroup()
    {
        var m = Catalog["gaii-2021"];
        var ranking = CohortRanking.Compute(m, Gaii());

        // RUS raw 40: rescaled over the whole cohort [10, 100] to 33.33; among GBR (44.4) and PAK (0): second of three.
        var p = ranking.Place(m, "RUS", 40, c => c is "GBR" or "PAK");
        Assert.Equal((2, 3, 1.0 / 3), (p.Rank, p.Size, p.Percentile));
        Assert.Equal(100.0 / 3, p.Score, 9);
    }

    [Fact]
    public void Serializer_RoundTripsEveryField()
    {
        var serializer = new ReadinessApi.Cohorts.CohortRankingSerializer();
        foreach (var ranking in new[] { CohortRanking.Compute(Catalog["readiness-v1"], Pillars()), CohortRanking.Compute(Catalog["gaii-2021"], Gaii()) })
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            serializer.Write(ranking, buffer);
            var read = serializer.Read(buffer.WrittenSpan);
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(ranking), System.Text.Json.JsonSerializer.Serialize(read));
            Assert.Throws<FormatException>(() => serializer.Read([9, .. buffer.WrittenSpan[1..]]));
        }
    }

    private static CohortPlacement Round(CohortPlacement p) => p with { Score = Math.Round(p.Score, 9), Percentile = Math.Round(p.Percentile, 12) };
}
