using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ReadinessApi.Cohorts;
using ReadinessApi.Scoring;
using ReadinessApi.Scoring.Cohorts;

using ReadinessApi.Tests.Infrastructure;

namespace ReadinessApi.Tests.Compare;

[Collection(ApiCollection.Name)]
public sealed class CompareEndpointsTests(ApiHost host)
{
    private readonly HttpClient _client = host.CreateClient();

    private const string Rus = """{"country":"RUS","year":2024,"inputs":{"innovation":18.5,"implementation":33.0,"investment":9.0,"computeAccess":6.0}}""";

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string json) =>
        client.PostAsync("/v1/scores/compare", new StringContent(json, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task CompareScenarios_ApiMdExample_ScoresBaselineAndEachScenario()
    {
        var response = await PostAsync(_client, $$$"""
            {"methodology":"readiness-v1","baseline":{{{Rus}}},
             "scenarios":[{"name":"compute access doubles","inputs":{"computeAccess":12.0}},
                          {"name":"weights favour compute","weights":{"computeAccess":0.4}}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        var baseline = root.GetProperty("baseline");
        Assert.Equal(18.45, baseline.GetProperty("score").GetDouble(), 12);
        var scenarios = root.GetProperty("scenarios").EnumerateArray().ToArray();
        Assert.Equal(["compute access doubles", "weights favour compute"], scenarios.Select(s => s.GetProperty("name").GetString()));

        // 18.45 + 0.2·(12 − 6) = 19.65
        Assert.Equal(19.65, scenarios[0].GetProperty("result").GetProperty("score").GetDouble(), 12);
        Assert.Equal(1.2, scenarios[0].GetProperty("scoreDelta").GetDouble(), 12);
        Assert.False(scenarios[0].GetProperty("tierChanged").GetBoolean());
        Assert.False(scenarios[0].TryGetProperty("rankDelta", out _));
        Assert.Equal(baseline.GetProperty("methodology").GetProperty("hash").GetString(),
            scenarios[0].GetProperty("result").GetProperty("methodology").GetProperty("hash").GetString());

        // (0.3·18.5 + 0.3·33 + 0.2·9 + 0.4·6) / 1.2 = 19.65 / 1.2 = 16.375
        var weighted = scenarios[1].GetProperty("result");
        Assert.Equal(16.375, weighted.GetProperty("score").GetDouble(), 12);
        Assert.Equal(16.375 - 18.45, scenarios[1].GetProperty("scoreDelta").GetDouble(), 12);
        var derived = weighted.GetProperty("methodology");
        Assert.NotEqual(baseline.GetProperty("methodology").GetProperty("hash").GetString(), derived.GetProperty("hash").GetString());
        Assert.StartsWith("1.0.0+weights.", derived.GetProperty("version").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompareScenarios_ScenarioCrossesATier_TierChanged()
    {
        var response = await PostAsync(_client, $$$"""
            {"baseline":{{{Rus}}},"scenarios":[{"name":"big push","inputs":{"innovation":60,"implementation":60}}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var scenario = body.RootElement.GetProperty("scenarios")[0];
        Assert.True(scenario.GetProperty("tierChanged").GetBoolean());
        Assert.Equal("emerging", scenario.GetProperty("result").GetProperty("tier").GetString());
    }

    [Fact]
    public async Task CompareScenarios_PillarOverride_ReplacesTheBaselinesSubPillars()
    {
        var response = await PostAsync(_client, """
            {"baseline":{"country":"FRA","inputs":{"innovation":40,"implementation":40,"investment":40,
                          "computeCapacity":10,"acceleratorAccess":10,"cloudAccess":10}},
             "scenarios":[{"name":"compute fixed","inputs":{"computeAccess":40}}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(34, body.RootElement.GetProperty("baseline").GetProperty("score").GetDouble(), 12);
        Assert.Equal(40, body.RootElement.GetProperty("scenarios")[0].GetProperty("result").GetProperty("score").GetDouble(), 12);
        Assert.Equal(6, body.RootElement.GetProperty("scenarios")[0].GetProperty("scoreDelta").GetDouble(), 12);
    }

    [Theory]
    [InlineData("""[{"name":"a","weights":{"speed":1}}]""", "scenarios[0].weights.speed", "'a'")]
    [InlineData("""[{"name":"a","inputs":{"computeAccess":12}},{"name":"neg","weights":{"computeAccess":-0.1}}]""", "scenarios[1].weights.computeAccess", "'neg'")]
    [InlineData("""[{"name":"zero","weights":{"innovation":0,"implementation":0,"investment":0,"computeAccess":0}}]""", "scenarios[0].weights", "'zero'")]
    [InlineData("""[{"name":"root","weights":{"readiness":2}}]""", "scenarios[0].weights.readiness", "'root'")]
    [InlineData("""[{"name":"x","inputs":{"speed":1}}]""", "scenarios[0].inputs.speed", "'x'")]
    [InlineData("""[{"name":"x","inputs":{"computeAccess":101}}]""", "scenarios[0].inputs.computeAccess", "'x'")]
    [InlineData("""[{"name":"deeper","inputs":{"research":50}}]""", "scenarios[0].inputs.research", "'deeper'")]
    [InlineData("""[{"name":"a","inputs":{"investment":1}},{"name":"a","inputs":{"investment":2}}]""", "scenarios[1].name", "'a'")]
    [InlineData("""[{"name":"nothing"}]""", "scenarios[0]", "'nothing'")]
    [InlineData("""[]""", "scenarios", "")]
    public async Task CompareScenarios_InvalidScenario_Is400NamingScenarioAndField(string scenarios, string field, string named)
    {
        var response = await PostAsync(_client, $$$"""{"baseline":{{{Rus}}},"scenarios":{{{scenarios}}}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = body.RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"no error for {field}: {errors}");
        Assert.Contains(named, messages[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompareScenarios_UnknownMethodologyOrCohort_Is404()
    {
        var methodology = await PostAsync(_client, $$$"""{"methodology":"nope","baseline":{{{Rus}}},"scenarios":[{"name":"a","inputs":{"investment":1}}]}""");
        var cohort = await PostAsync(_client, $$$"""{"cohort":"nowhere","baseline":{{{Rus}}},"scenarios":[{"name":"a","inputs":{"investment":1}}]}""");

        Assert.Equal(HttpStatusCode.NotFound, methodology.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, cohort.StatusCode);
    }

    [Fact]
    public async Task CompareScenarios_ScenarioBelowCoverage_Is422NamingTheScenario()
    {
        var response = await PostAsync(_client, """
            {"baseline":{"country":"FRA","inputs":{"innovation":40,"implementation":40,"investment":40}},
             "scenarios":[{"name":"compute above all","weights":{"computeAccess":10}}]}
            """);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("compute above all", body.RootElement.GetProperty("scenario").GetString());
    }

    [Fact]
    public async Task CompareScenarios_WithCohort_PlacesTheCountryInItsOwnRowsPlaceAndReportsRankDelta()
    {
        // Equal pillar values make each score the value itself: A 80, FRA 60 (replaced by the baseline's 50), C 40.
        var m = MethodologyCatalog.Embedded.Default;
        var cohort = Cohort.Create("trio", [Member(m, "AUT", 80), Member(m, "FRA", 60), Member(m, "CAN", 40)]);
        await using var factory = new ApiFactory(host.Redis);
        var client = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton(new CohortRegistry([cohort])))).CreateClient();

        var response = await PostAsync(client, """
            {"cohort":"trio","baseline":{"country":"FRA","inputs":{"innovation":50,"implementation":50,"investment":50,"computeAccess":50}},
             "scenarios":[{"name":"leap","inputs":{"innovation":90,"implementation":90,"investment":90,"computeAccess":90}},
                          {"name":"same","inputs":{"investment":50}}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var baseline = body.RootElement.GetProperty("baseline");
        Assert.Equal(2, baseline.GetProperty("rank").GetInt32());
        Assert.Equal(3, baseline.GetProperty("cohortSize").GetInt32());
        Assert.Equal(1.0 / 3, baseline.GetProperty("percentile").GetDouble(), 12);
        Assert.Equal("trio", baseline.GetProperty("cohort").GetString());
        var leap = body.RootElement.GetProperty("scenarios")[0];
        Assert.Equal(1, leap.GetProperty("result").GetProperty("rank").GetInt32());
        Assert.Equal(-1, leap.GetProperty("rankDelta").GetInt32());
        Assert.Equal(0, body.RootElement.GetProperty("scenarios")[1].GetProperty("rankDelta").GetInt32());
    }

    private static CohortMember Member(Methodology m, string country, double value) =>
        new(country, country, m.Pillars.ToDictionary(p => m.Nodes[p].Id, _ => value));
}
