using System.Globalization;
using System.Text;
using System.Text.Json;
using nietras.SeparatedValues;
using ReadinessApi.Tests.Infrastructure;

namespace ReadinessApi.Tests.Batch;

/// <summary>rank=batch: competition ranks and percentiles within the batch, and a methodology's cohort rescale over it.</summary>
[Collection(ApiCollection.Name)]
public sealed class BatchRankingTests(ApiHost host)
{
    private const string GaiiTable = "tortoise_gaii_2021.csv";
    private readonly HttpClient _client = host.CreateClient();

    [Fact]
    public async Task ScoreBatch_RankBatch_TiesShareTheBestRankAndPercentileIsTheShareBelow()
    {
        const string csv = "country,innovation,implementation,investment,computeAccess\n" +
            "AAA,1,1,1,1\n" +       // error: not a country, unranked
            "RUS,50,50,50,50\n" +   // 50
            "GBR,60,60,60,60\n" +   // 60: rank 1
            "FRA,50,50,50,50\n" +   // 50: ties RUS
            "DEU,40,40,40,40\n";    // 40: rank 4

        var results = await JsonResults(await _client.PostBatchAsync(csv, BatchHttp.Csv, BatchHttp.Json, "?rank=batch"));

        Assert.False(results[0].TryGetProperty("rank", out _));
        Assert.Equal([2, 1, 2, 4], results.Skip(1).Select(r => r.GetProperty("rank").GetInt32()));
        // Strictly below, of the 4 ranked: RUS and FRA have DEU below (1/4); GBR three (3/4); DEU none.
        Assert.Equal([0.25, 0.75, 0.25, 0.0], results.Skip(1).Select(r => r.GetProperty("percentile").GetDouble()));
    }

    [Fact]
    public async Task ScoreBatch_Gaii2021RankBatch_RescalesOverTheBatch()
    {
        // gaii-2021: raw = Σ w·x / 24 with weights 5,3,2,5,3,1,5; then 100·(raw − min)/(max − min) over the batch.
        const string header = "country,talent,infrastructure,operatingEnvironment,research,development,governmentStrategy,commercial\n";
        var csv = header + "USA,100,100,100,100,100,100,100\n" + "GBR,50,50,50,50,50,50,50\n" + "FRA,20,20,20,20,20,20,20\n" + "DEU,80,0,0,0,0,0,0\n";

        var batch = await JsonResults(await _client.PostBatchAsync(csv, BatchHttp.Csv, BatchHttp.Json, "?methodology=gaii-2021&rank=batch"));
        var none = JsonDocument.Parse(await (await _client.PostBatchAsync(csv, BatchHttp.Csv, BatchHttp.Json, "?methodology=gaii-2021")).Content.ReadAsStringAsync()).RootElement;

        // raw: USA 100, GBR 50, FRA 20, DEU 80·5/24 = 16.666…; min 16.666…, max 100.
        double min = 80 * 5 / 24.0, span = 100 - min;
        Assert.Equal([100, 100 * (50 - min) / span, 100 * (20 - min) / span, 0], batch.Select(r => Math.Round(r.GetProperty("score").GetDouble(), 9)).Select(x => x).ToArray(),
            new ToleranceComparer(1e-9));
        Assert.Equal([1, 2, 3, 4], batch.Select(r => r.GetProperty("rank").GetInt32()));
        // rank=none cannot rescale (the cohort is not known while streaming): unrescaled, and a note says so.
        Assert.Equal(50, none.GetProperty("results")[1].GetProperty("score").GetDouble(), 9);
        Assert.Contains("unrescaled", none.GetProperty("notes")[0].GetString());
    }

    [Fact]
    public async Task ScoreBatch_ImfMethodology_ScoresOnItsPublishedScale()
    {
        const string csv = "country,digitalInfrastructure,humanCapital,innovationIntegration,regulationEthics\nSGP,0.2,0.2,0.2,0.2\nNOR,0.1,0.2,0.15,0.2\n";

        var results = await JsonResults(await _client.PostBatchAsync(csv, BatchHttp.Csv, BatchHttp.Json, "?methodology=imf-aipi-2023&rank=batch"));

        Assert.Equal(0.8, results[0].GetProperty("score").GetDouble(), 12);
        Assert.Equal(0.65, results[1].GetProperty("score").GetDouble(), 12);
        // A leaf pillar reports the value given, on its own scale, as the single score does.
        Assert.Equal(0.1, results[1].GetProperty("pillars").GetProperty("digitalInfrastructure").GetDouble(), 12);
    }

    [Theory]
    [InlineData("readiness-v1", "test-pillars")]
    [InlineData("gaii-2021", "test-gaii")]
    public async Task ScoreBatch_AgainstACohort_PlacesEachRowAsTheSingleScoreDoes(string methodology, string cohort)
    {
        // Rows for members (their own cohort row replaced) and for countries outside the cohort.
        var body = methodology == "gaii-2021"
            ? "country,talent,infrastructure,operatingEnvironment,research,development,governmentStrategy,commercial\n" +
              "GBR,60,60,60,60,60,60,60\nFRA,20,30,40,50,60,70,80\nUSA,100,100,100,100,100,100,100\nZZZ,1,1,1,1,1,1,1\n"
            : "country,innovation,implementation,investment,computeAccess\n" +
              "RUS,18.5,33,9,6\nFRA,60,60,60,60\nGBR,40.9,55.2,38.1,71\nZZZ,1,1,1,1\n";

        var response = await _client.PostBatchAsync(body, BatchHttp.Csv, BatchHttp.Json, $"?methodology={methodology}&cohort={cohort}");

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        Assert.True(response.Headers.Contains("X-Cache"));
        var root = JsonDocument.Parse(text).RootElement;
        Assert.Equal(cohort, root.GetProperty("cohort").GetString());
        var results = root.GetProperty("results").EnumerateArray().ToList();
        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var columns = lines[0].Split(',');
        for (int i = 0; i < 3; i++)
        {
            var cells = lines[i + 1].Split(',');
            var inputs = columns.Skip(1).Zip(cells.Skip(1)).ToDictionary(x => x.First, x => double.Parse(x.Second, CultureInfo.InvariantCulture));
            var single = await _client.PostAsync("/v1/scores", new StringContent(JsonSerializer.Serialize(new { country = cells[0], methodology, cohort, inputs }),
                Encoding.UTF8, "application/json"));
            var expected = JsonDocument.Parse(await single.Content.ReadAsStringAsync()).RootElement;
            Assert.True(single.IsSuccessStatusCode, expected.ToString());
            Assert.Equal(expected.GetProperty("score").GetDouble(), results[i].GetProperty("score").GetDouble());
            Assert.Equal(expected.GetProperty("rank").GetInt32(), results[i].GetProperty("rank").GetInt32());
            Assert.Equal(expected.GetProperty("percentile").GetDouble(), results[i].GetProperty("percentile").GetDouble());
            Assert.Equal(expected.GetProperty("tier").GetString(), results[i].GetProperty("tier").GetString());
        }
        Assert.False(results[3].TryGetProperty("rank", out _));
    }

    [SharedTableFact(GaiiTable)]
    public async Task ScoreBatch_Gaii2021OverThePublished2021Table_ReproducesAll62RanksAndTotals()
    {
        // The table is read at test time from ../shared/data and never copied into the repository.
        using var table = Sep.New(',').Reader(o => o with { Unescape = true }).FromFile(SharedData.File(GaiiTable)!);
        var columns = new (string Table, string Node)[]
        {
            ("talent", "talent"), ("infrastructure", "infrastructure"), ("operating_environment", "operatingEnvironment"),
            ("research", "research"), ("development", "development"), ("government_strategy", "governmentStrategy"), ("commercial", "commercial"),
        };
        var csv = new StringBuilder("country,").AppendJoin(',', columns.Select(c => c.Node)).Append('\n');
        var published = new List<(string Country, int Rank, double Total)>();
        foreach (var row in table)
        {
            csv.Append(row["iso3"].ToString());
            foreach (var (name, _) in columns)
            {
                csv.Append(',').Append(row[name].ToString());
            }
            csv.Append('\n');
            published.Add((row["iso3"].ToString(), row["rank"].Parse<int>(), row["total_score"].Parse<double>()));
        }
        Assert.Equal(62, published.Count);

        var results = await JsonResults(await _client.PostBatchAsync(csv.ToString(), BatchHttp.Csv, BatchHttp.Json, "?methodology=gaii-2021&rank=batch"));

        Assert.Equal(62, results.Count);
        for (int i = 0; i < published.Count; i++)
        {
            var (country, rank, total) = published[i];
            var result = results[i];
            Assert.Equal(country, result.GetProperty("country").GetString());
            Assert.False(result.TryGetProperty("error", out var error), $"{country}: {error}");
            Assert.True(rank == result.GetProperty("rank").GetInt32(), $"{country}: published rank {rank}, batch rank {result.GetProperty("rank").GetInt32()}");
            double score = result.GetProperty("score").GetDouble();
            Assert.True(Math.Abs(score - total) <= 0.01, $"{country}: published total {total.ToString(CultureInfo.InvariantCulture)}, batch score {score.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    private static async Task<List<JsonElement>> JsonResults(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return [.. JsonDocument.Parse(text).RootElement.GetProperty("results").EnumerateArray()];
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }
}

/// <summary>A fact that needs a published table from ../shared/data, and says plainly that it skipped when the table is absent.</summary>
public sealed class SharedTableFactAttribute : FactAttribute
{
    public SharedTableFactAttribute(string fileName)
    {
        // Skipped (with the reason) only where no shared/data folder is configured: CI's missing file fails.
        if (SharedData.SkipReason(fileName) is { } reason)
        {
            Skip = reason;
        }
    }
}
