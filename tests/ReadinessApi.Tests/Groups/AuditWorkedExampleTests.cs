using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReadinessApi.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ReadinessApi.Tests.Groups;

/// <summary>
/// The README's worked example "does the index hang together, and what moves Russia's BRICS rank?" against the
/// built-in <c>open-readiness</c> cohort: the same two requests the
/// README sends, checked against what the data says, and printed (with <c>README_CHARTS=dir</c> the two charts
/// are written there) so the README shows real output.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AuditWorkedExampleTests(ApiHost host, ITestOutputHelper output)
{
    private const string Cohort = "open-readiness";

    private static async Task<string> TextAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return text;
    }

    private static string N(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);

    [Fact]
    public async Task OpenCohort_AuditAndWhatMovesRussiasBricsRank()
    {
        await using var factory = new ApiFactory(host.Redis).WithSettings(new Dictionary<string, string?> { ["Cohorts:Directory"] = "", ["Cohorts:BuiltIn"] = "true" });
        var client = factory.CreateClient();
        var charts = Environment.GetEnvironmentVariable("README_CHARTS");

        // GET /v1/cohorts/open-readiness/audit: does computeAccess carry its 20%?
        var auditText = await TextAsync(await client.GetAsync($"/v1/cohorts/{Cohort}/audit"));
        var audit = JsonDocument.Parse(auditText).RootElement;
        var members = audit.GetProperty("members").GetArrayLength();
        var importance = audit.GetProperty("importance").EnumerateArray().ToList();
        var pillars = importance.Where(i => i.GetProperty("level").GetString() == "pillar").ToList();
        var compute = pillars.Single(i => i.GetProperty("node").GetString() == "computeAccess");
        Assert.Equal(0.2, compute.GetProperty("weightShare").GetDouble(), 9);
        // Shares are over the pillars with data, whose nominal weights are renormalised over the same pillars.
        var measured = pillars.Where(p => p.TryGetProperty("importanceShare", out _)).ToList();
        double withData = measured.Sum(p => p.GetProperty("weightShare").GetDouble());
        Assert.Equal(0.2 / withData, compute.GetProperty("availableWeightShare").GetDouble(), 9);
        Assert.Equal(1, measured.Sum(p => p.GetProperty("importanceShare").GetDouble()), 9);
        double ratio = compute.GetProperty("ratio").GetDouble();
        Assert.Equal(ratio is > 2 or < 0.5, compute.GetProperty("flagged").GetBoolean());
        foreach (var p in pillars.Where(p => p.TryGetProperty("ratio", out _)))
        {
            output.WriteLine($"importance {p.GetProperty("node").GetString()}: weight {N(p.GetProperty("weightShare").GetDouble())}, available {N(p.GetProperty("availableWeightShare").GetDouble())}, " +
                $"eta2 {N(p.GetProperty("firstOrderEffect").GetDouble())}, r2 {N(p.GetProperty("pearsonSquared").GetDouble())}, share {N(p.GetProperty("importanceShare").GetDouble())}, ratio {N(p.GetProperty("ratio").GetDouble())}, flagged {p.GetProperty("flagged").GetBoolean()}");
        }
        foreach (var f in audit.GetProperty("flags").EnumerateArray())
        {
            output.WriteLine($"flag {f.GetProperty("kind").GetString()}: {f.GetProperty("message").GetString()}");
        }
        var root = audit.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("node").GetString() == "readiness");
        output.WriteLine($"members {members}; alpha(pillars) {root.GetProperty("cronbachAlpha")}");
        foreach (var i in audit.GetProperty("indicators").EnumerateArray())
        {
            output.WriteLine($"indicator {i.GetProperty("node").GetString()}: n {i.GetProperty("count")}, skew {i.GetProperty("skewness")}, kurt {i.GetProperty("kurtosis")}, outlier {i.GetProperty("outlier")}");
        }
        var heatmap = await TextAsync(await client.GetAsync($"/v1/cohorts/{Cohort}/audit?format=svg"));
        Assert.Contains("open-readiness: correlations under readiness-v1", heatmap);

        // POST /v1/sensitivity, analysis variance: which assumption moves Russia's BRICS rank most?
        var request = new JsonObject
        {
            ["analysis"] = "variance", ["cohort"] = Cohort, ["group"] = "brics", ["country"] = "RUS",
            ["draws"] = 1000, ["aggregations"] = new JsonArray("arithmetic", "geometric"), ["seed"] = 42,
        };
        var varianceText = await TextAsync(await client.PostAsync("/v1/sensitivity", new StringContent(request.ToJsonString(), Encoding.UTF8, "application/json")));
        var variance = JsonDocument.Parse(varianceText).RootElement.GetProperty("variance");
        var rank = variance.GetProperty("countryRank");
        var ranking = JsonDocument.Parse(await TextAsync(await client.GetAsync($"/v1/cohorts/{Cohort}/ranking?group=brics"))).RootElement;
        int bricsRank = ranking.EnumerateArray().Single(e => e.GetProperty("country").GetString() == "RUS").GetProperty("rank").GetInt32();
        Assert.Equal(bricsRank, rank.GetProperty("nominalRank").GetInt32());
        var indices = rank.GetProperty("indices").EnumerateArray().ToList();
        Assert.Equal(["innovation", "implementation", "investment", "computeAccess", "aggregation", "normalisation", "missingData"],
            indices.Select(i => i.GetProperty("factor").GetString()));
        Assert.All(indices, i => Assert.True(i.GetProperty("total").GetDouble() >= 0));
        foreach (var target in new[] { variance.GetProperty("meanRankShift"), rank })
        {
            output.WriteLine($"{target.GetProperty("output").GetString()}: mean {N(target.GetProperty("mean").GetDouble())}, variance {N(target.GetProperty("variance").GetDouble())}");
            foreach (var i in target.GetProperty("indices").EnumerateArray())
            {
                output.WriteLine($"  {i.GetProperty("factor").GetString()}: S {N(i.GetProperty("first").GetDouble())} [{N(i.GetProperty("firstLow").GetDouble())}, {N(i.GetProperty("firstHigh").GetDouble())}], ST {N(i.GetProperty("total").GetDouble())} [{N(i.GetProperty("totalLow").GetDouble())}, {N(i.GetProperty("totalHigh").GetDouble())}]");
            }
        }
        var bars = await TextAsync(await client.PostAsync("/v1/sensitivity?format=svg", new StringContent(request.ToJsonString(), Encoding.UTF8, "application/json")));
        Assert.Contains("Rank of RUS", bars);
        if (charts is { Length: > 0 })
        {
            File.WriteAllText(Path.Combine(charts, "audit-open-readiness.svg"), heatmap);
            File.WriteAllText(Path.Combine(charts, "variance-rus-brics.svg"), bars);
            File.WriteAllText(Path.Combine(charts, "audit-open-readiness.json"), auditText);
            File.WriteAllText(Path.Combine(charts, "variance-rus-brics.json"), varianceText);
        }
    }
}
