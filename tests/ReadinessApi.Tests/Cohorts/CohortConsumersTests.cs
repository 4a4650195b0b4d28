using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ReadinessApi.Cohorts;
using ReadinessApi.Scoring.Cohorts;
using ReadinessApi.Tests.Infrastructure;

namespace ReadinessApi.Tests.Cohorts;

/// <summary>Batches, what-if comparisons and uncertainty analysis find the registry's cohorts, and the analysis goes through the result cache.</summary>
[Collection(ApiCollection.Name)]
public sealed class CohortConsumersTests(ApiHost host)
{
    private readonly HttpClient _client = host.CreateClient();

    private Task<HttpResponseMessage> PostAsync(string url, string json) =>
        _client.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task Sensitivity_OnARegistryCohort_RanksItsMembers_AndIsCached()
    {
        var seed = Random.Shared.Next();
        var request = $$"""{"methodology":"gaii-2021","cohort":"test-gaii","draws":200,"weightNoise":0.25,"seed":{{seed}}}""";

        var first = await PostAsync("/v1/sensitivity", request);
        var second = await PostAsync("/v1/sensitivity", request);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains(first.Headers.GetValues("X-Cache").Single(), new[] { "miss", "bypass" });
        Assert.Equal("hit", second.Headers.GetValues("X-Cache").Single());
        var body = await first.Content.ReadAsStringAsync();
        Assert.Equal(body, await second.Content.ReadAsStringAsync());
        var countries = JsonDocument.Parse(body).RootElement.GetProperty("countries").EnumerateArray().ToList();
        // Nominal ranks are the cohort's ranking (worked out in CohortRankingTests).
        Assert.Equal(["USA", "GBR", "CHN", "PAK"], countries.Select(c => c.GetProperty("country").GetString()));
        Assert.Equal([1, 2, 3, 4], countries.Select(c => c.GetProperty("rank").GetInt32()));
    }

    /// <summary>One fault, one answer: a cohort without the methodology's inputs is a 400 naming what was used and what would work, from every endpoint.</summary>
    [Theory]
    [InlineData("/v1/scores", """{"methodology":"imf-aipi-2023","cohort":"test-pillars","country":"RUS","inputs":{"humanCapital":0.1}}""", "cohort")]
    [InlineData("/v1/scores/compare", """{"methodology":"imf-aipi-2023","cohort":"test-pillars","baseline":{"country":"RUS","inputs":{"humanCapital":0.1}},"scenarios":[{"name":"a","inputs":{"humanCapital":0.2}}]}""", "cohort")]
    [InlineData("/v1/sensitivity", """{"methodology":"imf-aipi-2023","cohort":"test-pillars","draws":100}""", "cohort")]
    [InlineData("/v1/scores/batch?methodology=imf-aipi-2023&cohort=test-pillars", """{"items":[]}""", "cohort")]
    public async Task CohortWithoutTheMethodologysInputs_Is400Everywhere(string url, string json, string field)
    {
        var response = await PostAsync(url, json);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        var message = JsonDocument.Parse(text).RootElement.GetProperty("errors").GetProperty(field)[0].GetString();
        Assert.Equal(url.Contains('?')
            ? "Cohort 'test-pillars' is for methodology 'readiness-v1'; this request named 'imf-aipi-2023', whose inputs it does not carry; use methodology=readiness-v1."
            : "Cohort 'test-pillars' is for methodology 'readiness-v1'; this request named 'imf-aipi-2023', whose inputs it does not carry; use \"methodology\": \"readiness-v1\".", message);
    }

    [Fact]
    public async Task CohortOfAnotherMethodology_UnderTheDefault_SaysTheDefaultWasUsedAndWhatToAdd()
    {
        // test-imf's columns are imf-aipi-2023's dimensions, none of which readiness-v1 (the default) has.
        var cohort = Cohort.Create("test-imf", [new CohortMember("FRA", "France", new Dictionary<string, double> { ["humanCapital"] = 0.1 })],
            new CohortMetadata(Methodology: "imf-aipi-2023"));
        await using var factory = new ApiFactory(host.Redis);
        var client = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton(new CohortRegistry([cohort])))).CreateClient();
        var response = await client.PostAsync("/v1/scores", new StringContent("""{"country":"RUS","cohort":"test-imf","inputs":{"innovation":50}}""", Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.Equal("Cohort 'test-imf' is for methodology 'imf-aipi-2023'; this request used the default 'readiness-v1', whose inputs it does not carry; add \"methodology\": \"imf-aipi-2023\".",
            JsonDocument.Parse(text).RootElement.GetProperty("errors").GetProperty("cohort")[0].GetString());
    }

    [Fact]
    public async Task UnknownCohort_Is404ListingTheCohortsThereAre()
    {
        var response = await PostAsync("/v1/scores", """{"country":"RUS","cohort":"nope","inputs":{"innovation":50}}""");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var detail = JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString()!;
        Assert.StartsWith("There is no cohort 'nope'. This deployment has: ", detail);
        Assert.Contains("test-gaii", detail);
        Assert.Contains("test-pillars", detail);
    }

    [Fact]
    public async Task Compare_WithARegistryCohort_RanksBaselineAndScenarios()
    {
        // RUS as in the cohort: last of 5 (18.45). Innovation to 100: 18.45 + 0.3·81.5 = 42.9, above IND (33): rank 4.
        var response = await PostAsync("/v1/scores/compare", """
            {"methodology":"readiness-v1","cohort":"test-pillars",
             "baseline":{"country":"RUS","inputs":{"innovation":18.5,"implementation":33,"investment":9,"computeAccess":6}},
             "scenarios":[{"name":"innovation leader","inputs":{"innovation":100}}]}
            """);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal(5, body.GetProperty("baseline").GetProperty("rank").GetInt32());
        Assert.Equal(5, body.GetProperty("baseline").GetProperty("cohortSize").GetInt32());
        var scenario = body.GetProperty("scenarios")[0];
        Assert.Equal(4, scenario.GetProperty("result").GetProperty("rank").GetInt32());
        Assert.Equal(-1, scenario.GetProperty("rankDelta").GetInt32());
    }

    [Fact]
    public async Task Batch_AgainstARegistryCohort_PlacesEachRowAmongItsMembers()
    {
        // Among the 5 ranked members (USA 81.25, DEU 50, FRA 50, IND 33, RUS 18.45) plus the row itself, as a single
        // score places it: CHN at 60 is second of 6 with 4 of the 6 strictly below; PAK at 10 is last.
        var response = await PostAsync("/v1/scores/batch?cohort=test-pillars", """
            {"items":[{"country":"CHN","inputs":{"innovation":60,"implementation":60,"investment":60,"computeAccess":60}},
                      {"country":"PAK","inputs":{"innovation":10,"implementation":10,"investment":10,"computeAccess":10}}]}
            """);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var results = JsonDocument.Parse(text).RootElement.GetProperty("results").EnumerateArray().ToList();
        // 4/6, as written: 12 significant digits.
        Assert.Equal((2, 0.666666666667), (results[0].GetProperty("rank").GetInt32(), results[0].GetProperty("percentile").GetDouble()));
        Assert.Equal((6, 0.0), (results[1].GetProperty("rank").GetInt32(), results[1].GetProperty("percentile").GetDouble()));
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync("/v1/scores/batch?cohort=nope", """{"items":[]}""")).StatusCode);
    }
}
