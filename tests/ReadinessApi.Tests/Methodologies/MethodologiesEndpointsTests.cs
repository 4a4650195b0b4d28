using System.Net;
using System.Text.Json;
using ReadinessApi.Tests.Infrastructure;

namespace ReadinessApi.Tests.Methodologies;

[Collection(ApiCollection.Name)]
public sealed class MethodologiesEndpointsTests(ApiHost host)
{
    private readonly HttpClient _client = host.CreateClient();

    [Fact]
    public async Task ListMethodologies_ReturnsTheFourShippedWithHashes()
    {
        using var doc = JsonDocument.Parse(await _client.GetStringAsync("/v1/methodologies"));
        var ids = doc.RootElement.EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToHashSet();
        Assert.Subset(new HashSet<string> { "readiness-v1", "readiness-v1-balanced", "gaii-2021", "imf-aipi-2023" }, ids);
        foreach (var m in doc.RootElement.EnumerateArray())
        {
            Assert.Matches("^[0-9a-f]{64}$", m.GetProperty("hash").GetString());
            Assert.False(string.IsNullOrEmpty(m.GetProperty("version").GetString()));
            Assert.False(string.IsNullOrEmpty(m.GetProperty("title").GetString()));
        }
    }

    [Fact]
    public async Task GetMethodology_ReturnsTreeWeightsRulesAndTiers()
    {
        using var doc = JsonDocument.Parse(await _client.GetStringAsync("/v1/methodologies/readiness-v1"));
        var m = doc.RootElement.GetProperty("methodology");
        Assert.Equal("readiness-v1", m.GetProperty("id").GetString());
        Assert.Equal(0.66, m.GetProperty("minCoverage").GetDouble());
        Assert.Equal("arithmetic", m.GetProperty("root").GetProperty("aggregation").GetProperty("rule").GetString());
        var pillars = m.GetProperty("root").GetProperty("children").EnumerateArray().Select(p => p.GetProperty("id").GetString()!).ToArray();
        Assert.Equal(["innovation", "implementation", "investment", "computeAccess"], pillars);
        Assert.Equal(["leader", "advanced", "emerging", "nascent"],
            m.GetProperty("tiers").EnumerateArray().Select(t => t.GetProperty("label").GetString()!).ToArray());
        Assert.Matches("^[0-9a-f]{64}$", doc.RootElement.GetProperty("hash").GetString());
    }

    [Fact]
    public async Task GetMethodology_HashMatchesTheOneScoresName()
    {
        using var listed = JsonDocument.Parse(await _client.GetStringAsync("/v1/methodologies/readiness-v1-balanced"));
        var response = await _client.PostAsync("/v1/scores", new StringContent(
            """{"country":"RUS","methodology":"readiness-v1-balanced","inputs":{"innovation":18.5,"implementation":33,"investment":9,"computeAccess":6}}""",
            System.Text.Encoding.UTF8, "application/json"));
        using var scored = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(listed.RootElement.GetProperty("hash").GetString(),
            scored.RootElement.GetProperty("methodology").GetProperty("hash").GetString());
    }

    [Fact]
    public async Task GetMethodology_Unknown_Is404Problem()
    {
        var response = await _client.GetAsync("/v1/methodologies/nope");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
