using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using ReadinessApi.Tests.Infrastructure;

namespace ReadinessApi.Tests.Cohorts;

/// <summary>The cohort endpoints and cohort ranks on POST /v1/scores, over the hand-made cohorts (expectations worked out in <see cref="CohortRankingTests"/>).</summary>
[Collection(ApiCollection.Name)]
public sealed class CohortsEndpointsTests(ApiHost host)
{
    private readonly HttpClient _client = host.CreateClient();

    private async Task<JsonElement> GetJsonAsync(string url)
    {
        var response = await _client.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private Task<HttpResponseMessage> ScoreAsync(string json) =>
        _client.PostAsync("/v1/scores", new StringContent(json, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task ListCohorts_ShowsMetadataSizeHashAndInputs()
    {
        var list = await GetJsonAsync("/v1/cohorts");
        var pillars = list.EnumerateArray().Single(c => c.GetProperty("id").GetString() == "test-pillars");
        Assert.Equal("Test pillars", pillars.GetProperty("title").GetString());
        Assert.Equal("Made up by the tests", pillars.GetProperty("source").GetString());
        Assert.Equal("CC0-1.0", pillars.GetProperty("license").GetString());
        Assert.Equal("readiness-v1", pillars.GetProperty("methodology").GetString());
        Assert.Equal(6, pillars.GetProperty("size").GetInt32());
        Assert.Equal(64, pillars.GetProperty("hash").GetString()!.Length);
        Assert.Equal(["innovation", "implementation", "investment", "computeAccess"], pillars.GetProperty("inputs").EnumerateArray().Select(e => e.GetString()));
        var ids = list.EnumerateArray().Select(c => c.GetProperty("id").GetString()).ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
    }

    [Fact]
    public async Task GetCohort_ReturnsMembersAndTheirInputs()
    {
        var cohort = await GetJsonAsync("/v1/cohorts/test-pillars");
        var members = cohort.GetProperty("members").EnumerateArray().ToList();
        Assert.Equal(6, members.Count);
        var usa = members.Single(m => m.GetProperty("country").GetString() == "USA");
        Assert.Equal("United States, of America", usa.GetProperty("name").GetString());
        Assert.Equal(80, usa.GetProperty("inputs").GetProperty("innovation").GetDouble());
        Assert.False(usa.GetProperty("inputs").TryGetProperty("computeAccess", out _));
    }

    [Theory]
    [InlineData("/v1/cohorts/nope")]
    [InlineData("/v1/cohorts/nope/ranking")]
    public async Task UnknownCohort_Is404Problem(string url)
    {
        var response = await _client.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("There is no cohort 'nope'", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ranking_HandMadeCohort_RanksTiesPercentilesAndUnranked()
    {
        var response = await _client.GetAsync("/v1/cohorts/test-pillars/ranking");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(response.Headers.GetValues("X-Cache").Single(), new[] { "hit", "miss", "bypass" });
        var entries = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray().ToList();

        Assert.Equal(["USA", "DEU", "FRA", "IND", "RUS", "BRA"], entries.Select(e => e.GetProperty("country").GetString()));
        Assert.Equal([1, 2, 2, 4, 5], entries.Take(5).Select(e => e.GetProperty("rank").GetInt32()));
        Assert.Equal(81.25, entries[0].GetProperty("score").GetDouble(), 9);
        Assert.Equal("leader", entries[0].GetProperty("tier").GetString());
        Assert.Equal(0.8, entries[0].GetProperty("percentile").GetDouble(), 12);
        Assert.Equal(0.4, entries[2].GetProperty("percentile").GetDouble(), 12);
        Assert.Equal(18.45, entries[4].GetProperty("score").GetDouble(), 9);
        var brazil = entries[5];
        Assert.False(brazil.TryGetProperty("rank", out _));
        Assert.False(brazil.TryGetProperty("score", out _));
        Assert.Equal(0.3, brazil.GetProperty("coverage").GetDouble(), 12);
        Assert.Contains("below the minimum", brazil.GetProperty("unranked").GetString());
    }

    [Fact]
    public async Task Ranking_OtherMethodology_UsesItAndItsCoverageRules()
    {
        // readiness-v1-balanced: the same pillars, geometric mean at the root; ranks differ from the arithmetic ones.
        var entries = (await GetJsonAsync("/v1/cohorts/test-pillars/ranking?methodology=readiness-v1-balanced")).EnumerateArray().ToList();
        var france = entries.Single(e => e.GetProperty("country").GetString() == "FRA");
        var germany = entries.Single(e => e.GetProperty("country").GetString() == "DEU");
        // FRA 50 everywhere: geometric mean 50. DEU 40^.3·60^.3·30^.2·70^.2 < 50 (unequal pillars cost under a geometric mean).
        Assert.Equal(50, france.GetProperty("score").GetDouble(), 9);
        Assert.True(germany.GetProperty("score").GetDouble() < 50);
        Assert.True(france.GetProperty("rank").GetInt32() < germany.GetProperty("rank").GetInt32());
    }

    [Fact]
    public async Task Ranking_CohortMinMaxMethodology_IsRescaledOverTheCohort()
    {
        var entries = (await GetJsonAsync("/v1/cohorts/test-gaii/ranking")).EnumerateArray().ToList();
        Assert.Equal(["USA", "GBR", "CHN", "PAK"], entries.Select(e => e.GetProperty("country").GetString()));
        Assert.Equal(100, entries[0].GetProperty("score").GetDouble(), 9);
        Assert.Equal(400.0 / 9, entries[1].GetProperty("score").GetDouble(), 9);
        Assert.Equal(0, entries[3].GetProperty("score").GetDouble(), 9);
    }

    [Theory]
    [InlineData("?format=svg", null)]
    [InlineData("", "image/svg+xml")]
    [InlineData("", "image/avif,image/webp,image/svg+xml,image/*,*/*;q=0.8")]
    public async Task Ranking_Svg_IsABarChartWithLabelsScoresAndTheMethodology(string query, string? accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/cohorts/test-pillars/ranking" + query);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }
        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.Contains("X-Cache"));
        var svg = XDocument.Parse(await response.Content.ReadAsStringAsync());
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", svg.Root!.Name);
        var texts = svg.Descendants(ns + "text").Select(t => t.Value).ToList();
        Assert.Contains(texts, t => t.Contains("Test pillars"));
        Assert.Contains(texts, t => t.Contains("readiness-v1") && t.Contains("1.0.0"));
        Assert.Contains("1. United States, of America (USA)", texts);
        Assert.Contains("2. Germany (DEU)", texts);
        Assert.Contains("2. France (FRA)", texts);
        Assert.Contains("81.25", texts);
        Assert.Contains("18.45", texts);
        Assert.Contains(texts, t => t.Contains("Not ranked: BRA"));
        Assert.Contains(texts, t => t.Contains("Source: Made up by the tests"));
        Assert.Equal(5, svg.Descendants(ns + "rect").Count(r => r.Attribute("height")?.Value == "13"));
    }

    [Fact]
    public async Task Ranking_BrowserNavigation_GetsJson()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/cohorts/test-pillars/ranking");
        request.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        var response = await _client.SendAsync(request);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("?group=nato", "group", "Unknown group 'nato'. Groups include brics")]
    [InlineData("?format=png", "format", "'png' is not a format")]
    [InlineData("?methodology=imf-aipi-2023", "methodology", "Cohort 'test-pillars' is for methodology 'readiness-v1'; this request named 'imf-aipi-2023', whose inputs it does not carry; use methodology=readiness-v1.")]
    public async Task Ranking_BadQuery_Is400NamingTheField(string query, string field, string message)
    {
        var response = await _client.GetAsync("/v1/cohorts/test-pillars/ranking" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Contains(message, errors.GetProperty(field)[0].GetString());
    }

    [Fact]
    public async Task Groups_RankWithinTheGroup()
    {
        var client = _client;

        var g7 = JsonDocument.Parse(await client.GetStringAsync("/v1/cohorts/test-pillars/ranking?group=g7")).RootElement.EnumerateArray().ToList();
        Assert.Equal(["USA", "DEU", "FRA"], g7.Select(e => e.GetProperty("country").GetString()));
        Assert.Equal([1, 2, 2], g7.Select(e => e.GetProperty("rank").GetInt32()));
        Assert.Equal(50, g7[1].GetProperty("score").GetDouble(), 9);

        var svg = await client.GetStringAsync("/v1/cohorts/test-pillars/ranking?group=brics&format=svg");
        Assert.Contains("ranking within BRICS members", svg);
        Assert.Contains("1. India (IND)", svg);

        // CHN at 60 among the cohort's BRICS members (IND 33, RUS 18.45; BRA unranked): first of three.
        var response = await client.PostAsync("/v1/scores", new StringContent("""
            {"country":"CHN","cohort":"test-pillars","group":"brics","inputs":{"innovation":60,"implementation":60,"investment":60,"computeAccess":60}}
            """, Encoding.UTF8, "application/json"));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("brics", 1, 3, 6), (body.GetProperty("group").GetString(), body.GetProperty("rank").GetInt32(),
            body.GetProperty("groupSize").GetInt32(), body.GetProperty("cohortSize").GetInt32()));
        Assert.Equal(2.0 / 3, body.GetProperty("percentile").GetDouble(), 12);

        var unknown = await client.GetAsync("/v1/cohorts/test-pillars/ranking?group=nato");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("Unknown group 'nato'.", await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ranking_UnknownMethodology_Is404()
    {
        var response = await _client.GetAsync("/v1/cohorts/test-pillars/ranking?methodology=nope");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Score_WithCohort_ReplacesOwnRowAndRanks()
    {
        var response = await ScoreAsync("""
            {"country":"RUS","cohort":"test-pillars","inputs":{"innovation":18.5,"implementation":33,"investment":9,"computeAccess":6}}
            """);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(response.Headers.GetValues("X-Cache").Single(), new[] { "hit", "miss", "bypass" });
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(18.45, body.GetProperty("score").GetDouble(), 9);
        Assert.Equal("test-pillars", body.GetProperty("cohort").GetString());
        Assert.Equal(5, body.GetProperty("rank").GetInt32());
        Assert.Equal(5, body.GetProperty("cohortSize").GetInt32());
        Assert.Equal(0, body.GetProperty("percentile").GetDouble());
    }

    [Fact]
    public async Task Score_WithCohort_NewCountryJoinsTheRanking()
    {
        // CHN at 60 everywhere: only USA (81.25) above; DEU, FRA, IND, RUS below; 6 ranked.
        var body = JsonDocument.Parse(await (await ScoreAsync("""
            {"country":"CHN","cohort":"test-pillars","inputs":{"innovation":60,"implementation":60,"investment":60,"computeAccess":60}}
            """)).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(2, body.GetProperty("rank").GetInt32());
        Assert.Equal(6, body.GetProperty("cohortSize").GetInt32());
        Assert.Equal(4.0 / 6, body.GetProperty("percentile").GetDouble(), 12);
    }

    [Fact]
    public async Task Score_WithCohortMinMaxMethodology_IsRescaledOverTheCohortAndTheCountry()
    {
        // RUS raw 40 in a cohort spanning [10, 100]: (40 − 10)/90·100 = 33.33, rank 3 of 5 (USA and GBR above).
        var body = JsonDocument.Parse(await (await ScoreAsync("""
            {"country":"RUS","methodology":"gaii-2021","cohort":"test-gaii","inputs":{"talent":40,"infrastructure":40,"operatingEnvironment":40,"research":40,"development":40,"governmentStrategy":40,"commercial":40}}
            """)).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(100.0 / 3, body.GetProperty("score").GetDouble(), 9);
        Assert.True(body.GetProperty("rescaled").GetBoolean());
        Assert.Equal(3, body.GetProperty("rank").GetInt32());
        Assert.Equal(5, body.GetProperty("cohortSize").GetInt32());
        Assert.Equal(0.4, body.GetProperty("percentile").GetDouble(), 12);
        Assert.Equal(100.0 / 3, body.GetProperty("contributions").EnumerateObject().Sum(p => p.Value.GetDouble()), 9);
    }

    [Fact]
    public async Task Score_WithoutCohort_HasNoRankAndNoCacheHeader()
    {
        var response = await ScoreAsync("""{"country":"RUS","inputs":{"innovation":18.5,"implementation":33,"investment":9,"computeAccess":6}}""");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.False(body.TryGetProperty("rank", out _));
        Assert.False(response.Headers.Contains("X-Cache"));
    }

    [Theory]
    [InlineData("""{"country":"RUS","cohort":"nope","inputs":{"innovation":1}}""", HttpStatusCode.NotFound, null, "There is no cohort 'nope'")]
    [InlineData("""{"country":"RUS","cohort":"test-gaii","inputs":{"innovation":1,"implementation":1,"investment":1,"computeAccess":1}}""", HttpStatusCode.OK, null, "\"rank\"")]
    [InlineData("""{"country":"RUS","cohort":"test-pillars","methodology":"imf-aipi-2023","inputs":{"digitalInfrastructure":0.1,"humanCapital":0.1,"innovationIntegration":0.1,"regulationEthics":0.1}}""", HttpStatusCode.BadRequest, "cohort", "is for methodology 'readiness-v1'; this request named 'imf-aipi-2023', whose inputs it does not carry")]
    [InlineData("""{"country":"RUS","cohort":"test-pillars","group":"nato","inputs":{"innovation":1}}""", HttpStatusCode.BadRequest, "group", "Unknown group 'nato'")]
    [InlineData("""{"country":"RUS","group":"brics","inputs":{"innovation":1}}""", HttpStatusCode.BadRequest, "group", "Group 'brics' ranks within a cohort, and this request names none")]
    public async Task Score_CohortProblems_AreNamed(string json, HttpStatusCode status, string? field, string message)
    {
        var response = await ScoreAsync(json);
        Assert.Equal(status, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains(message, text);
        if (field is not null)
        {
            Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(field, out _), text);
        }
    }
}
