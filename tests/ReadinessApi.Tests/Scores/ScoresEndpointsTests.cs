using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ReadinessApi.Tests.Infrastructure;

namespace ReadinessApi.Tests.Scores;

[Collection(ApiCollection.Name)]
public sealed class ScoresEndpointsTests(ApiHost host)
{
    private readonly HttpClient _client = host.CreateClient();

    private Task<HttpResponseMessage> PostAsync(string json) =>
        _client.PostAsync("/v1/scores", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    [Fact]
    public async Task ScoreCountry_ApiMdExample_ReturnsExplainedScore()
    {
        var response = await PostAsync("""
            {"country":"RUS","year":2024,"methodology":"readiness-v1",
             "inputs":{"innovation":18.5,"implementation":33.0,"investment":9.0,"computeAccess":6.0}}
            """);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        // 0.3·18.5 + 0.3·33 + 0.2·9 + 0.2·6 = 5.55 + 9.9 + 1.8 + 1.2 = 18.45
        Assert.Equal(18.45, root.GetProperty("score").GetDouble(), 12);
        Assert.Equal("nascent", root.GetProperty("tier").GetString());
        Assert.Equal("RUS", root.GetProperty("country").GetString());
        Assert.Equal(2024, root.GetProperty("year").GetInt32());
        Assert.Equal("readiness-v1", root.GetProperty("methodology").GetProperty("id").GetString());
        Assert.Equal(64, root.GetProperty("methodology").GetProperty("hash").GetString()!.Length);
        Assert.Equal(1.0, root.GetProperty("coverage").GetDouble());
        Assert.Empty(root.GetProperty("missing").EnumerateArray());
        var contributions = root.GetProperty("contributions").EnumerateObject().Sum(p => p.Value.GetDouble());
        Assert.Equal(18.45, contributions, 9);
        // Innovation and implementation tie on effective weight 0.3; the first in the tree wins.
        Assert.Equal("innovation", root.GetProperty("bottleneck").GetString());
        Assert.Equal("emerging", root.GetProperty("nextTier").GetString());
        // (30 − 18.45) / 0.3 = 38.5 points of innovation
        Assert.Equal(38.5, root.GetProperty("pointsToNextTier").GetDouble(), 9);
        Assert.Equal(4, root.GetProperty("pillars").GetArrayLength());
    }
}
