using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using ReadinessApi.Tests.Infrastructure;

namespace ReadinessApi.Tests.Sensitivity;

/// <summary>POST /v1/sensitivity with <c>"analysis": "variance"</c>: Sobol indices per named factor, over HTTP with the real cache.</summary>
[Collection(ApiCollection.Name)]
public sealed class VarianceSensitivityTests(ApiHost host)
{
    private readonly HttpClient _client = host.CreateClient();

    // Seeds are offset per test run, so that results a shared Redis kept from an earlier run cannot turn an expected miss into a hit.
    private static readonly long Run = Random.Shared.NextInt64(1, 1L << 40);

    private static JsonObject Body(string? factors = null, int draws = 300, string? aggregations = """["arithmetic","geometric"]""", string? country = "DEU", long seed = 1)
    {
        var body = new JsonObject
        {
            ["analysis"] = "variance",
            ["cohort"] = "test-pillars",
            ["draws"] = draws,
            ["seed"] = Run + seed,
        };
        if (aggregations is not null)
        {
            body["aggregations"] = JsonNode.Parse(aggregations);
        }
        if (factors is not null)
        {
            body["factors"] = JsonNode.Parse(factors);
        }
        if (country is not null)
        {
            body["country"] = country;
        }
        return body;
    }

    private Task<HttpResponseMessage> PostAsync(JsonObject body, string query = "") =>
        _client.PostAsync("/v1/sensitivity" + query, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

    [Fact]
    public async Task Variance_Cohort_SobolIndicesPerFactorForTheRankShiftAndACountrysRank()
    {
        var response = await PostAsync(Body(seed: 10));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal("miss", string.Join(",", response.Headers.GetValues("X-Cache")));
        var root = JsonDocument.Parse(text).RootElement;
        Assert.Equal("variance", root.GetProperty("analysis").GetString());
        Assert.Equal(0, root.GetProperty("countries").GetArrayLength());
        Assert.Equal(5, root.GetProperty("ranked").GetInt32()); // BRA has too little data for a score.
        var v = root.GetProperty("variance");
        string[] factors = ["innovation", "implementation", "investment", "computeAccess", "aggregation", "normalisation", "missingData"];
        Assert.Equal(factors, v.GetProperty("factors").EnumerateArray().Select(f => f.GetProperty("name").GetString()));
        Assert.Equal(300 * (factors.Length + 2), v.GetProperty("runs").GetInt32());
        foreach (var output in new[] { v.GetProperty("meanRankShift"), v.GetProperty("countryRank") })
        {
            var indices = output.GetProperty("indices").EnumerateArray().ToList();
            Assert.Equal(factors, indices.Select(i => i.GetProperty("factor").GetString()));
            foreach (var i in indices)
            {
                Assert.True(i.GetProperty("totalLow").GetDouble() <= i.GetProperty("total").GetDouble() + 1e-12);
                Assert.True(i.GetProperty("total").GetDouble() <= i.GetProperty("totalHigh").GetDouble() + 1e-12);
                Assert.True(i.GetProperty("total").GetDouble() >= 0);
            }
        }
        var rank = v.GetProperty("countryRank");
        Assert.Equal("DEU", rank.GetProperty("country").GetString());
        Assert.Equal(2, rank.GetProperty("nominalRank").GetInt32());
        // Every member has investment data except BRA (unranked) and none lacks a leaf: the cohort mean fills nothing
        // for a ranked member, so the missing-data treatment cannot move a rank.
        var missing = v.GetProperty("meanRankShift").GetProperty("indices").EnumerateArray().Single(i => i.GetProperty("factor").GetString() == "missingData");
        Assert.True(missing.GetProperty("total").GetDouble() < 0.2);

        var again = await PostAsync(Body(seed: 10));
        Assert.Equal("hit", string.Join(",", again.Headers.GetValues("X-Cache")));
        Assert.Equal(text, await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Variance_Svg_IsABarChartOfTheIndices()
    {
        var response = await PostAsync(Body(factors: """["innovation","computeAccess","normalisation"]""", seed: 11), "?format=svg");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        var svg = XDocument.Parse(await response.Content.ReadAsStringAsync());
        XNamespace ns = "http://www.w3.org/2000/svg";
        var texts = svg.Descendants(ns + "text").Select(t => t.Value).ToList();
        Assert.Contains("computeAccess", texts);
        Assert.Contains(texts, t => t.StartsWith("Mean absolute rank shift", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("Rank of DEU (nominal 2", StringComparison.Ordinal));
        // Two panels × three factors × two bars (S and ST).
        Assert.Equal(12, svg.Descendants(ns + "rect").Count(r => r.Attribute("height")?.Value == "11"));
    }

    [Theory]
    [InlineData("""{"factors":["innovation","compute"]}""", "factors[1]", "'compute' is not a factor of 'readiness-v1'")]
    [InlineData("""{"factors":["aggregation"],"aggregations":null}""", "factors[0]", "'aggregation' has no alternative")]
    [InlineData("""{"factors":["innovation"],"weightNoise":0}""", "factors[0]", "weightNoise is 0")]
    [InlineData("""{"draws":10000,"factors":["innovation","implementation","investment","computeAccess","research","development","talent","infrastructure","operatingEnvironment","computeCapacity","acceleratorAccess"]}""", "draws", "= 130000 runs, beyond the configured maximum of 120000")]
    [InlineData("""{"country":"CHN"}""", "country", "'CHN' is not among the countries analysed")]
    [InlineData("""{"country":"BRA"}""", "country", "has no score")]
    [InlineData("""{"analysis":"sobol"}""", "analysis", "Unknown analysis 'sobol'")]
    [InlineData("""{"analysis":"uncertainty"}""", "factors", "factors applies to analysis variance only")]
    public async Task Variance_BadRequest_Is400NamingTheField(string overrides, string field, string message)
    {
        var body = Body(factors: """["innovation"]""");
        foreach (var (key, value) in JsonNode.Parse(overrides)!.AsObject())
        {
            body[key] = value?.DeepClone();
        }
        if (body["aggregations"] is null)
        {
            body.Remove("aggregations");
        }

        var response = await PostAsync(body);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var list), text);
        Assert.Contains(message, list[0].GetString());
    }

    [Fact]
    public async Task Uncertainty_Svg_Is400NamingTheFormat()
    {
        var body = new JsonObject { ["cohort"] = "test-pillars", ["draws"] = 10 };
        var response = await PostAsync(body, "?format=svg");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Contains("analysis variance", errors.GetProperty("format")[0].GetString());
    }
}
