using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ReadinessApi.Cohorts;
using ReadinessApi.Scoring;
using ReadinessApi.Scoring.Cohorts;
using ReadinessApi.Sensitivity;
using ReadinessApi.Tests.Infrastructure;

namespace ReadinessApi.Tests.Sensitivity;

[Collection(ApiCollection.Name)]
public sealed class SensitivityEndpointsTests(ApiHost host)
{
    private readonly HttpClient _client = host.CreateClient();

    // Seeds are offset per test run, so that results a shared Redis kept from an earlier run cannot turn an expected miss into a hit.
    private static readonly long Run = Random.Shared.NextInt64(1, 1L << 40);

    private static readonly string[] Leaves = ["talent", "infrastructure", "operatingEnvironment", "research", "development", "governmentStrategy", "commercial"];

    /// <summary>Made-up countries in the GAII shape: a country-level strength plus noise per sub-pillar.</summary>
    private static JsonArray Items(int count, int seed)
    {
        var random = new Random(seed);
        var codes = Scoring.Countries.IsoCountries.All.Keys.Order(StringComparer.Ordinal).Take(count).ToArray();
        var items = new JsonArray();
        foreach (var code in codes)
        {
            double strength = Math.Pow(random.NextDouble(), 2);
            var inputs = new JsonObject();
            foreach (var leaf in Leaves)
            {
                inputs[leaf] = Math.Round(100 * Math.Clamp((0.7 * strength) + (0.3 * random.NextDouble()), 0, 1), 1);
            }
            items.Add(new JsonObject { ["country"] = code, ["inputs"] = inputs });
        }
        return items;
    }

    private static string Request(JsonArray items, int draws = 500, double noise = 0.25, long seed = 42, string? aggregations = null)
    {
        var body = new JsonObject
        {
            ["methodology"] = "gaii-2021",
            ["items"] = items,
            ["draws"] = draws,
            ["weightNoise"] = noise,
            ["seed"] = Run + seed,
        };
        if (aggregations is not null)
        {
            body["aggregations"] = JsonNode.Parse(aggregations);
        }
        return body.ToJsonString();
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string json, CancellationToken cancellationToken = default) =>
        client.PostAsync("/v1/sensitivity", new StringContent(json, Encoding.UTF8, "application/json"), cancellationToken);

    private static string Cache(HttpResponseMessage response) => string.Join(",", response.Headers.GetValues(SensitivityEndpoints.CacheHeader));

    [Fact]
    public async Task RunSensitivity_Items_ReturnsRankIntervalsByNominalRank()
    {
        var response = await PostAsync(_client, Request(Items(12, 1), seed: 101, aggregations: """["arithmetic","geometric"]"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        Assert.Equal("gaii-2021", root.GetProperty("methodology").GetProperty("id").GetString());
        Assert.Equal(500, root.GetProperty("draws").GetInt32());
        Assert.Equal(["arithmetic", "geometric"], root.GetProperty("aggregations").EnumerateArray().Select(a => a.GetString()));
        Assert.True(root.GetProperty("meanRankShift").GetDouble() >= 0);
        var countries = root.GetProperty("countries").EnumerateArray().ToArray();
        Assert.Equal(12, countries.Length);
        var ranks = countries.Select(c => c.GetProperty("rank").GetInt32()).ToArray();
        Assert.Equal(ranks.Order(), ranks);
        foreach (var c in countries)
        {
            int p5 = c.GetProperty("p5Rank").GetInt32(), median = c.GetProperty("medianRank").GetInt32(), p95 = c.GetProperty("p95Rank").GetInt32();
            Assert.True(p5 <= median && median <= p95);
            Assert.True(c.GetProperty("scoreLow").GetDouble() <= c.GetProperty("score").GetDouble());
            Assert.True(c.GetProperty("score").GetDouble() <= c.GetProperty("scoreHigh").GetDouble());
            Assert.Equal(3, c.GetProperty("country").GetString()!.Length);
        }
        // cohortMinMax: the leader scores 100 nominally.
        Assert.Equal(100, countries[0].GetProperty("score").GetDouble(), 9);
    }

    [Fact]
    public async Task RunSensitivity_ZeroNoise_EveryIntervalIsTheNominalRank()
    {
        var response = await PostAsync(_client, Request(Items(20, 2), noise: 0, seed: 102));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(0, body.RootElement.GetProperty("meanRankShift").GetDouble());
        Assert.All(body.RootElement.GetProperty("countries").EnumerateArray(), c =>
        {
            int rank = c.GetProperty("rank").GetInt32();
            Assert.Equal(rank, c.GetProperty("p5Rank").GetInt32());
            Assert.Equal(rank, c.GetProperty("medianRank").GetInt32());
            Assert.Equal(rank, c.GetProperty("p95Rank").GetInt32());
        });
    }

    [Fact]
    public async Task RunSensitivity_SameRequest_IdenticalBytesAndCachedAfterTheFirst()
    {
        var json = Request(Items(30, 3), draws: 2000, seed: 103, aggregations: """["arithmetic","geometric"]""");

        var first = await PostAsync(_client, json);
        var second = await PostAsync(_client, json);

        Assert.Equal("miss", Cache(first));
        Assert.Equal("hit", Cache(second));
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await second.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task RunSensitivity_ConcurrentIdenticalRequests_ComputeOnceAndAnswerTheSameBytes()
    {
        var json = Request(Items(83, 4), draws: 10_000, seed: 104, aggregations: """["arithmetic","geometric"]""");

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => PostAsync(_client, json)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, responses.Count(r => Cache(r) == "miss"));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.All(bodies, b => Assert.Equal(bodies[0], b));
    }

    [Fact]
    public async Task RunSensitivity_SameSeedOnAnotherHost_SameBytes()
    {
        // A second host has its own (empty) in-process cache: while no shared second level is wired, both compute.
        var json = Request(Items(25, 5), draws: 1500, seed: 105, aggregations: """["geometric","arithmetic","minimum"]""");
        await using var other = new ApiFactory(host.Redis);

        var there = await PostAsync(other.CreateClient(), json);
        var here = await PostAsync(_client, json);

        Assert.Equal("miss", Cache(there));
        Assert.Equal(await here.Content.ReadAsStringAsync(), await there.Content.ReadAsStringAsync());
        var different = await PostAsync(_client, Request(Items(25, 5), draws: 1500, seed: 106, aggregations: """["geometric","arithmetic","minimum"]"""));
        Assert.NotEqual(await here.Content.ReadAsStringAsync(), await different.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RunSensitivity_DrawsBeyondTheConfiguredMaximum_Is400NamingDraws()
    {
        await using var capped = new ApiFactory(host.Redis).WithSettings(new Dictionary<string, string?> { ["Sensitivity:MaxDraws"] = "400" });
        var client = capped.CreateClient();

        var over = await PostAsync(client, Request(Items(5, 6), draws: 401));
        var at = await PostAsync(client, Request(Items(5, 6), draws: 400));

        Assert.Equal(HttpStatusCode.BadRequest, over.StatusCode);
        var errors = await ErrorsAsync(over);
        Assert.Contains("400", errors["draws"][0], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, at.StatusCode);
    }

    [Theory]
    [InlineData("""{"methodology":"gaii-2021","items":[{"country":"USA","inputs":{"talent":50}}],"cohort":"x"}""", "cohort")]
    [InlineData("""{"methodology":"gaii-2021"}""", "cohort")]
    [InlineData("""{"methodology":"gaii-2021","items":[{"country":"USA","inputs":{"talent":50}}],"weightNoise":1.5}""", "weightNoise")]
    [InlineData("""{"methodology":"gaii-2021","items":[{"country":"USA","inputs":{"talent":50}}],"draws":0}""", "draws")]
    [InlineData("""{"methodology":"gaii-2021","items":[{"country":"USA","inputs":{"talent":50}}],"aggregations":["median"]}""", "aggregations[0]")]
    [InlineData("""{"methodology":"gaii-2021","items":[{"country":"USA","inputs":{"talent":50}},{"country":"FRA","inputs":{"talent":150}}]}""", "items[1].inputs.talent")]
    [InlineData("""{"methodology":"gaii-2021","items":[{"country":"USA","inputs":{"talent":50}},{"country":"FRA","inputs":{"speed":1}}]}""", "items[1].inputs.speed")]
    [InlineData("""{"methodology":"gaii-2021","items":[{"country":"USA","inputs":{"talent":50}},{"country":"USA","inputs":{"talent":40}}]}""", "items[1].country")]
    [InlineData("""{"methodology":"gaii-2021","items":[{"country":"XXX","inputs":{"talent":50}}]}""", "items[0].country")]
    public async Task RunSensitivity_InvalidRequest_Is400NamingTheField(string json, string field)
    {
        var response = await PostAsync(_client, json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await ErrorsAsync(response)).Keys);
    }

    [Fact]
    public async Task RunSensitivity_UnknownMethodologyOrCohort_Is404()
    {
        var methodology = await PostAsync(_client, """{"methodology":"nope","items":[{"country":"USA","inputs":{"talent":50}}]}""");
        var cohort = await PostAsync(_client, """{"methodology":"gaii-2021","cohort":"nowhere"}""");

        Assert.Equal(HttpStatusCode.NotFound, methodology.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, cohort.StatusCode);
    }

    [Fact]
    public async Task RunSensitivity_CountryWithTooLittleData_IsListedUnrankedLast()
    {
        var items = Items(4, 7);
        items.Insert(1, new JsonObject { ["country"] = "NZL", ["inputs"] = new JsonObject { ["talent"] = 80.0 } });

        var response = await PostAsync(_client, Request(items, seed: 107));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var last = body.RootElement.GetProperty("countries").EnumerateArray().Last();
        Assert.Equal("NZL", last.GetProperty("country").GetString());
        Assert.False(last.TryGetProperty("rank", out _));
        Assert.Contains("minimum", last.GetProperty("unranked").GetString(), StringComparison.Ordinal);
        Assert.Equal(4, body.RootElement.GetProperty("ranked").GetInt32());
    }

    [Fact]
    public async Task RunSensitivity_Cohort_AnalysesItsMembersAndCachesUnderItsHash()
    {
        var m = MethodologyCatalog.Embedded["gaii-2021"];
        var items = Items(10, 8).Select(n => new SensitivityItem(n!["country"]!.GetValue<string>(),
            n["inputs"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<double>()))).ToList();
        var cohort = Cohort.Create("test-cohort", items.Select(i => new CohortMember(i.Country, i.Country, i.Inputs)), new CohortMetadata(Methodology: m.Id));
        await using var factory = new ApiFactory(host.Redis);
        var client = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton(new CohortRegistry([cohort])))).CreateClient();
        var json = $$"""{"methodology":"gaii-2021","cohort":"test-cohort","draws":300,"seed":{{Run}}}""";

        var first = await PostAsync(client, json);
        var second = await PostAsync(client, json);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(("miss", "hit"), (Cache(first), Cache(second)));
        using var body = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
        Assert.Equal("test-cohort", body.RootElement.GetProperty("cohort").GetString());
        Assert.Equal(10, body.RootElement.GetProperty("countries").GetArrayLength());
    }

    [Fact]
    public async Task RunSensitivity_ClientGivesUp_NothingIsCachedAndTheNextCallComputes()
    {
        var json = Request(Items(83, 9), draws: 10_000, seed: 109, aggregations: """["arithmetic","geometric"]""");
        using var gone = new CancellationTokenSource(TimeSpan.FromMilliseconds(2));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => PostAsync(_client, json, gone.Token));
        var next = await PostAsync(_client, json);

        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    private static async Task<Dictionary<string, string[]>> ErrorsAsync(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("errors").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(e => e.GetString()!).ToArray());
    }
}
