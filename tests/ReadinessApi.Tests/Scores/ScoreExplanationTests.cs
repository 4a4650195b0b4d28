using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ReadinessApi.Tests.Infrastructure;

namespace ReadinessApi.Tests.Scores;

/// <summary>Explanations over HTTP for inputs at other levels of the tree and for the other methodologies.</summary>
[Collection(ApiCollection.Name)]
public sealed class ScoreExplanationTests(ApiHost host)
{
    private readonly HttpClient _client = host.CreateClient();

    private async Task<JsonElement> ScoreAsync(object request)
    {
        var response = await _client.PostAsJsonAsync("/v1/scores", request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement;
    }

    [Fact]
    public async Task ScoreCountry_AllSubPillars_AggregatesThroughTheTree()
    {
        var root = await ScoreAsync(new
        {
            country = "DEU",
            inputs = new Dictionary<string, double>
            {
                ["research"] = 40, ["development"] = 80,                                  // innovation (5·40 + 3·80)/8 = 55
                ["talent"] = 60, ["infrastructure"] = 70, ["operatingEnvironment"] = 90,  // implementation (300 + 210 + 180)/10 = 69
                ["governmentStrategy"] = 90, ["commercial"] = 30,                         // investment (90 + 150)/6 = 40
                ["computeCapacity"] = 30, ["acceleratorAccess"] = 100, ["cloudAccess"] = 50, // computeAccess 60
            },
        });
        // 0.3·55 + 0.3·69 + 0.2·40 + 0.2·60 = 16.5 + 20.7 + 8 + 12 = 57.2
        Assert.Equal(57.2, root.GetProperty("score").GetDouble(), 9);
        Assert.Equal("advanced", root.GetProperty("tier").GetString());
        var innovation = root.GetProperty("pillars")[0];
        Assert.Equal(55, innovation.GetProperty("normalized").GetDouble(), 9);
        var research = innovation.GetProperty("children")[0];
        Assert.Equal("research", research.GetProperty("id").GetString());
        Assert.Equal(0.3 * 5 / 8, research.GetProperty("effectiveWeight").GetDouble(), 12);
        // research contributes its effective weight times its value: 0.1875 · 40 = 7.5
        Assert.Equal(7.5, research.GetProperty("contribution").GetDouble(), 9);
        var leafSum = root.GetProperty("pillars").EnumerateArray()
            .SelectMany(p => p.GetProperty("children").EnumerateArray())
            .Sum(c => c.GetProperty("contribution").GetDouble());
        Assert.Equal(57.2, leafSum, 9);
    }

    [Fact]
    public async Task ScoreCountry_MissingSubPillar_ReweightsAndReportsIt()
    {
        var root = await ScoreAsync(new
        {
            country = "BRA",
            inputs = new Dictionary<string, double>
            {
                ["innovation"] = 40, ["implementation"] = 50, ["investment"] = 30,
                ["computeCapacity"] = 20, ["acceleratorAccess"] = 80,  // cloudAccess missing: 2/3 ≥ 0.66, pillar = 50
            },
        });
        var compute = root.GetProperty("pillars")[3];
        Assert.Equal(50, compute.GetProperty("normalized").GetDouble(), 9);
        Assert.Equal(2.0 / 3, compute.GetProperty("coverage").GetDouble(), 12);
        Assert.Equal(["cloudAccess"], root.GetProperty("missing").EnumerateArray().Select(e => e.GetString()!).ToArray());
        // 0.3·40 + 0.3·50 + 0.2·30 + 0.2·50 = 12 + 15 + 6 + 10 = 43; coverage 0.8 + 0.2·2/3
        Assert.Equal(43, root.GetProperty("score").GetDouble(), 9);
        Assert.Equal(0.8 + 0.2 * 2 / 3, root.GetProperty("coverage").GetDouble(), 12);
    }

    [Fact]
    public async Task ScoreCountry_BalancedMethodology_ContributionsSumToGeometricScore()
    {
        var root = await ScoreAsync(new
        {
            country = "RUS",
            methodology = "readiness-v1-balanced",
            inputs = new Dictionary<string, double> { ["innovation"] = 18.5, ["implementation"] = 33, ["investment"] = 9, ["computeAccess"] = 6 },
        });
        var expected = Math.Exp(0.3 * Math.Log(18.5) + 0.3 * Math.Log(33) + 0.2 * Math.Log(9) + 0.2 * Math.Log(6));
        Assert.Equal(expected, root.GetProperty("score").GetDouble(), 9);
        var sum = root.GetProperty("contributions").EnumerateObject().Sum(p => p.Value.GetDouble());
        Assert.Equal(expected, sum, 9);
        // Under a geometric mean the largest w/I decides: computeAccess 0.2/6 beats investment 0.2/9.
        Assert.Equal("computeAccess", root.GetProperty("bottleneck").GetString());
    }

    [Fact]
    public async Task ScoreCountry_GaiiWithoutCohort_ReturnsUnrescaledScoreAndSaysSo()
    {
        var root = await ScoreAsync(new
        {
            country = "GBR",
            methodology = "gaii-2021",
            inputs = new Dictionary<string, double>
            {
                ["talent"] = 48, ["infrastructure"] = 24, ["operatingEnvironment"] = 72,
                ["research"] = 24, ["development"] = 48, ["governmentStrategy"] = 96, ["commercial"] = 0,
            },
        });
        // (5·48 + 3·24 + 2·72 + 5·24 + 3·48 + 1·96 + 5·0) / 24 = (240 + 72 + 144 + 120 + 144 + 96) / 24 = 34
        Assert.Equal(34, root.GetProperty("score").GetDouble(), 9);
        Assert.False(root.GetProperty("rescaled").GetBoolean());
        Assert.Contains("unrescaled", root.GetProperty("notes")[0].GetString());
    }

    [Fact]
    public async Task ScoreCountry_ImfMethodology_ReportsOnZeroToOneScale()
    {
        var root = await ScoreAsync(new
        {
            country = "SGP",
            methodology = "imf-aipi-2023",
            inputs = new Dictionary<string, double>
            {
                ["digitalInfrastructure"] = 0.2, ["humanCapital"] = 0.15, ["innovationIntegration"] = 0.1, ["regulationEthics"] = 0.05,
            },
        });
        // The index is the sum of the four published dimensions.
        Assert.Equal(0.5, root.GetProperty("score").GetDouble(), 12);
        Assert.Equal(0.5, root.GetProperty("contributions").EnumerateObject().Sum(p => p.Value.GetDouble()), 12);
        Assert.Equal(JsonValueKind.Null, root.TryGetProperty("tier", out var tier) ? tier.ValueKind : JsonValueKind.Null);
    }
}
