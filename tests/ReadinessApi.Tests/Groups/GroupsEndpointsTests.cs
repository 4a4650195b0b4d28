using System.Net;
using System.Text;
using System.Text.Json;
using ReadinessApi.Scoring.Groups;
using ReadinessApi.Tests.Infrastructure;

namespace ReadinessApi.Tests.Groups;

/// <summary>
/// GET /v1/groups, the catalog's loading at start-up, and <c>group</c> on what-if comparisons and sensitivity,
/// over the hand-made cohort <c>test-pillars</c> (readiness-v1 pillars; scores worked out in <c>CohortsEndpointsTests</c>:
/// USA 81.25, DEU 50, FRA 50, IND 33, RUS 18.45; BRA unranked, coverage 0.3).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class GroupsEndpointsTests(ApiHost host)
{
    private const string Header = "country,name,innovation,implementation,investment,computeAccess\n";
    private const string Rus = """{"innovation":18.5,"implementation":33,"investment":9,"computeAccess":6}""";
    private readonly HttpClient _client = host.CreateClient();

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private Task<HttpResponseMessage> PostAsync(string url, string json, HttpClient? client = null) =>
        (client ?? _client).PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));

    private static string GroupError(JsonElement problem) => problem.GetProperty("errors").GetProperty("group")[0].GetString()!;

    [Fact]
    public async Task ListGroups_StatesEachGroupWithMembersDateAndSource()
    {
        var groups = (await JsonAsync(await _client.GetAsync("/v1/groups"), HttpStatusCode.OK)).EnumerateArray().ToList();

        Assert.Equal(["brics", "brics-partners", "eu", "g20", "g7", "oecd"], groups.Select(g => g.GetProperty("id").GetString()));
        var brics = groups[0];
        Assert.Equal("BRICS members", brics.GetProperty("name").GetString());
        var members = brics.GetProperty("members").EnumerateArray().Select(m => m.GetString()).ToList();
        Assert.Subset(members.ToHashSet(), new HashSet<string?> { "BRA", "RUS", "IND", "CHN", "ZAF" });
        Assert.Equal(members.Order(StringComparer.Ordinal), members);
        Assert.Equal(PeerGroupCatalog.Embedded["brics"].AsOf.ToString("yyyy-MM-dd"), brics.GetProperty("asOf").GetString());
        Assert.All(groups, g =>
        {
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", g.GetProperty("asOf").GetString());
            Assert.Contains("https://", g.GetProperty("source").GetString());
            Assert.NotEmpty(g.GetProperty("members").EnumerateArray());
        });
    }

    [Fact]
    public async Task Start_WorldBankGroupsFile_IsLoadedBesideTheEmbeddedGroups()
    {
        var dir = CohortFolders.Create(
            ("test-pillars.csv", CohortFolders.TestPillarsCsv),
            ("test-pillars.json", CohortFolders.TestPillarsJson),
            ("groups.worldbank.json", """
                { "title": "World Bank regions", "license": "CC BY 4.0", "groups": [
                  { "id": "wb-region-ecs", "name": "Europe & Central Asia", "kind": "wbRegion", "asOf": "2026-07-20",
                    "source": "The World Bank: World Bank Country and Lending Groups", "members": ["DEU", "FRA", "RUS"] } ] }
                """));
        await using var factory = new ApiFactory(host.Redis).WithSettings(new Dictionary<string, string?> { ["Cohorts:Directory"] = dir });
        var client = factory.CreateClient();

        var groups = (await JsonAsync(await client.GetAsync("/v1/groups"), HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.Equal(7, groups.Count);
        var ecs = Assert.Single(groups, g => g.GetProperty("id").GetString() == "wb-region-ecs");
        Assert.Equal(("wbRegion", "2026-07-20"), (ecs.GetProperty("kind").GetString(), ecs.GetProperty("asOf").GetString()));

        // DEU and FRA tie at 50, RUS 18.45 below them.
        var ranking = (await JsonAsync(await client.GetAsync("/v1/cohorts/test-pillars/ranking?group=wb-region-ecs"), HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.Equal(["DEU", "FRA", "RUS"], ranking.Select(e => e.GetProperty("country").GetString()));
        Assert.Equal([1, 1, 3], ranking.Select(e => e.GetProperty("rank").GetInt32()));
    }

    [Theory]
    [InlineData("""{ "groups": [ { "id": "nordic", "name": "Nordic", "kind": "membership", "asOf": "2025-01-01", "source": "s", "members": ["DNK" "FIN"] } ] }""", "(line 1, column ")]
    [InlineData("{ \"groups\": [\n  { \"id\": \"nordic\", \"name\": \"Nordic\", \"kind\": \"membership\", \"asOf\": \"2025-13-01\", \"source\": \"s\", \"members\": [\"DNK\"] }\n] }", "$.groups[0].asOf (line 2, column ")]
    [InlineData("""{ "groups": [ { "id": "nordic", "name": "Nordic", "kind": "membership", "asOf": "2025-01-01", "source": "s", "members": ["DNK", "XXX"] } ] }""", "group 'nordic': 'XXX' is not an ISO 3166-1 alpha-3 code")]
    [InlineData("""{ "groups": [ { "id": "g7", "name": "G7 again", "kind": "membership", "asOf": "2025-01-01", "source": "s", "members": ["DEU"] } ] }""", "group 'g7' is defined twice (first in the embedded groups.json)")]
    public async Task Start_MalformedGroupsFile_StopsNamingFileAndPosition(string json, string expected)
    {
        var dir = CohortFolders.Create(("test-pillars.csv", CohortFolders.TestPillarsCsv), ("groups.worldbank.json", json));
        await using var factory = new ApiFactory(host.Redis).WithSettings(new Dictionary<string, string?> { ["Cohorts:Directory"] = dir });

        var thrown = Assert.ThrowsAny<Exception>(() => factory.Server);

        var error = thrown as PeerGroupException ?? thrown.InnerException as PeerGroupException
            ?? throw new Xunit.Sdk.XunitException($"Expected a PeerGroupException, got {thrown}");
        Assert.Contains(expected, error.Message);
        Assert.StartsWith(Path.Combine(dir, "groups.worldbank.json") + ": ", error.Message);
    }

    [Theory]
    [InlineData("/v1/scores", $$$"""{"country":"RUS","group":"brics","inputs":{{{Rus}}}}""", "ranks within a cohort, and this request names none")]
    [InlineData("/v1/scores", $$$"""{"country":"RUS","cohort":"test-pillars","group":"nato","inputs":{{{Rus}}}}""", "Unknown group 'nato'. Groups include brics")]
    [InlineData("/v1/scores/compare", $$$"""{"group":"brics","baseline":{"country":"RUS","inputs":{{{Rus}}}},"scenarios":[{"name":"a","inputs":{"computeAccess":80}}]}""", "ranks within a cohort, and this request names none")]
    [InlineData("/v1/scores/compare", $$$"""{"cohort":"test-pillars","group":"nato","baseline":{"country":"RUS","inputs":{{{Rus}}}},"scenarios":[{"name":"a","inputs":{"computeAccess":80}}]}""", "Unknown group 'nato'. Groups include brics")]
    [InlineData("/v1/sensitivity", $$$"""{"group":"brics","items":[{"country":"RUS","inputs":{{{Rus}}}}]}""", "ranks within a cohort, and this request names none")]
    [InlineData("/v1/sensitivity", """{"cohort":"test-pillars","group":"nato"}""", "Unknown group 'nato'. Groups include brics")]
    [InlineData("/v1/sensitivity", """{"cohort":"test-pillars","group":"brics-partners"}""", "None of cohort 'test-pillars''s members is in group 'brics-partners'")]
    public async Task Group_UnknownOrWithoutCohort_Is400NamingTheGroupField(string url, string json, string message)
    {
        var response = await PostAsync(url, json);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(message, GroupError(await JsonAsync(response, HttpStatusCode.BadRequest)));
    }

    [Fact]
    public async Task Compare_WithGroup_RanksBaselineAndScenariosWithinTheGroup()
    {
        // BRICS in test-pillars: IND 33, RUS 18.45 (BRA unranked). Compute access 6 → 80 adds 0.2 · 74 = 14.8: RUS 33.25,
        // first in the group (rankDelta −1) and fourth in the cohort, behind USA, DEU and FRA.
        var body = await JsonAsync(await PostAsync("/v1/scores/compare", $$$"""
            {"cohort":"test-pillars","group":"brics","baseline":{"country":"RUS","inputs":{{{Rus}}}},
             "scenarios":[{"name":"compute","inputs":{"computeAccess":80}}]}
            """), HttpStatusCode.OK);

        var baseline = body.GetProperty("baseline");
        Assert.Equal(18.45, baseline.GetProperty("score").GetDouble(), 9);
        Assert.Equal(("brics", 2, 2, 5), (baseline.GetProperty("group").GetString(), baseline.GetProperty("rank").GetInt32(),
            baseline.GetProperty("groupSize").GetInt32(), baseline.GetProperty("cohortSize").GetInt32()));
        Assert.Equal(0, baseline.GetProperty("percentile").GetDouble());
        var scenario = body.GetProperty("scenarios")[0];
        var result = scenario.GetProperty("result");
        Assert.Equal(33.25, result.GetProperty("score").GetDouble(), 9);
        Assert.Equal((1, 2, -1), (result.GetProperty("rank").GetInt32(), result.GetProperty("groupSize").GetInt32(), scenario.GetProperty("rankDelta").GetInt32()));
        Assert.Equal(0.5, result.GetProperty("percentile").GetDouble(), 12);

        // The same request without the group ranks in the whole cohort: 5th, then 4th.
        var whole = await JsonAsync(await PostAsync("/v1/scores/compare", $$$"""
            {"cohort":"test-pillars","baseline":{"country":"RUS","inputs":{{{Rus}}}},"scenarios":[{"name":"compute","inputs":{"computeAccess":80}}]}
            """), HttpStatusCode.OK);
        Assert.Equal(5, whole.GetProperty("baseline").GetProperty("rank").GetInt32());
        Assert.Equal(4, whole.GetProperty("scenarios")[0].GetProperty("result").GetProperty("rank").GetInt32());
        Assert.False(whole.GetProperty("baseline").TryGetProperty("group", out _));
    }

    [Fact]
    public async Task Compare_WithGroup_AgreesWithTheSingleScore()
    {
        var score = await JsonAsync(await PostAsync("/v1/scores", $$$"""{"country":"CHN","cohort":"test-pillars","group":"brics","inputs":{{{Rus}}}}"""), HttpStatusCode.OK);
        var compare = await JsonAsync(await PostAsync("/v1/scores/compare", $$$"""
            {"cohort":"test-pillars","group":"brics","baseline":{"country":"CHN","inputs":{{{Rus}}}},"scenarios":[{"name":"same","weights":{"innovation":0.3}}]}
            """), HttpStatusCode.OK);
        var baseline = compare.GetProperty("baseline");
        foreach (var field in new[] { "score", "rank", "cohortSize", "percentile", "groupSize" })
        {
            Assert.Equal(score.GetProperty(field).GetDouble(), baseline.GetProperty(field).GetDouble(), 12);
        }
    }

    [Fact]
    public async Task Sensitivity_WithGroup_AnalysesTheGroupsMembersOfTheCohort()
    {
        const string request = """{"cohort":"test-pillars","group":"brics","draws":200,"seed":7}""";
        var response = await PostAsync("/v1/sensitivity", request);
        var body = await JsonAsync(response, HttpStatusCode.OK);

        Assert.Contains(response.Headers.GetValues("X-Cache").Single(), new[] { "hit", "miss", "bypass" });
        Assert.Equal(("test-pillars", "brics", 2), (body.GetProperty("cohort").GetString(), body.GetProperty("group").GetString(), body.GetProperty("ranked").GetInt32()));
        var countries = body.GetProperty("countries").EnumerateArray().ToList();
        Assert.Equal(["IND", "RUS", "BRA"], countries.Select(c => c.GetProperty("country").GetString()));
        Assert.Equal(1, countries[0].GetProperty("rank").GetInt32());
        Assert.Equal(2, countries[1].GetProperty("rank").GetInt32());
        Assert.False(countries[2].TryGetProperty("rank", out var unranked) && unranked.ValueKind != JsonValueKind.Null);
        Assert.Contains(body.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("peer group 'brics'", StringComparison.Ordinal));

        // The whole cohort is another analysis (and another cache entry): five ranked, RUS last.
        var whole = await JsonAsync(await PostAsync("/v1/sensitivity", """{"cohort":"test-pillars","draws":200,"seed":7}"""), HttpStatusCode.OK);
        Assert.Equal(5, whole.GetProperty("ranked").GetInt32());
        Assert.False(whole.TryGetProperty("group", out var g) && g.ValueKind != JsonValueKind.Null);
        // Same request again: byte-identical.
        Assert.Equal(body.GetRawText(), (await JsonAsync(await PostAsync("/v1/sensitivity", request), HttpStatusCode.OK)).GetRawText());
    }

    [Fact]
    public async Task Sensitivity_WithGroup_SaysARescalingMethodologyIsRescaledOverTheGroup()
    {
        // test-gaii is gaii-2021 (min-max over the cohort); in G7 only USA and GBR are analysed, so the score
        // intervals come from a rescale over those two, not over all four: the note must say so.
        var body = await JsonAsync(await PostAsync("/v1/sensitivity", """{"methodology":"gaii-2021","cohort":"test-gaii","group":"g7","draws":50,"seed":3}"""), HttpStatusCode.OK);

        var notes = body.GetProperty("notes").EnumerateArray().Select(n => n.GetString()!).ToList();
        Assert.Contains(notes, n => n.StartsWith("Scores are rescaled over the analysed members (the cohort's members in peer group 'g7'), not the whole cohort", StringComparison.Ordinal));
        Assert.DoesNotContain(notes, n => n.StartsWith("Scores are rescaled over the cohort", StringComparison.Ordinal));
        Assert.Equal(2, body.GetProperty("ranked").GetInt32());
    }
}
