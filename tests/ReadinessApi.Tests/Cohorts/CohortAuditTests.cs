using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using ReadinessApi.Tests.Infrastructure;

namespace ReadinessApi.Tests.Cohorts;

/// <summary>GET /v1/cohorts/{id}/audit over the hand-made cohorts and, where ../shared/data has it, the GAII 2021 table.</summary>
[Collection(ApiCollection.Name)]
public sealed class CohortAuditTests(ApiHost host)
{
    private readonly HttpClient _client = host.CreateClient();

    private async Task<JsonElement> GetJsonAsync(string url)
    {
        var response = await _client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static JsonElement ByNode(JsonElement array, string node) =>
        array.EnumerateArray().Single(e => e.GetProperty("node").GetString() == node);

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    /// <summary>
    /// test-pillars (readiness-v1 pillars given directly): innovation 40 50 20 18.5 10 80 has mean 218.5/6; computeAccess
    /// is missing for BRA and USA; BRA has too little data for a score, so every correlation with the index leaves it out.
    /// </summary>
    [Fact]
    public async Task Audit_HandMadeCohort_DescribesIndicatorsAndNamesWhoIsLeftOut()
    {
        var audit = await GetJsonAsync("/v1/cohorts/test-pillars/audit");

        Assert.Equal("readiness-v1", audit.GetProperty("methodology").GetProperty("id").GetString());
        Assert.Equal(["DEU", "FRA", "IND", "RUS", "BRA", "USA"], Strings(audit.GetProperty("members")));
        var innovation = ByNode(audit.GetProperty("indicators"), "innovation");
        Assert.Equal(6, innovation.GetProperty("count").GetInt32());
        Assert.Equal(218.5 / 6, innovation.GetProperty("mean").GetDouble(), 9);
        Assert.Equal(10, innovation.GetProperty("minimum").GetDouble());
        Assert.Equal(80, innovation.GetProperty("maximum").GetDouble());
        var compute = ByNode(audit.GetProperty("indicators"), "computeAccess");
        Assert.Equal(4, compute.GetProperty("count").GetInt32());
        Assert.Equal(4.0 / 6, compute.GetProperty("coverage").GetDouble(), 9);
        Assert.Equal(["BRA", "USA"], Strings(compute.GetProperty("missing")));

        var root = ByNode(audit.GetProperty("nodes"), "readiness");
        var withIndex = ByNode(root.GetProperty("children"), "innovation").GetProperty("withIndex");
        Assert.Equal(5, withIndex.GetProperty("count").GetInt32());
        Assert.Equal(["BRA"], Strings(withIndex.GetProperty("missing")));
        Assert.True(root.GetProperty("cronbachAlpha").ValueKind is JsonValueKind.Number or JsonValueKind.Null);
        var importance = audit.GetProperty("importance").EnumerateArray().ToList();
        Assert.Equal(["innovation", "implementation", "investment", "computeAccess"],
            importance.Where(i => i.GetProperty("level").GetString() == "pillar").Select(i => i.GetProperty("node").GetString()));
        Assert.Equal(0.3, importance[0].GetProperty("weightShare").GetDouble(), 9);
        // Sub-pillars the cohort has no data for are listed with their nominal weight and no measurement.
        var research = importance.Single(i => i.GetProperty("node").GetString() == "research");
        Assert.Equal(0.3 * 5 / 8, research.GetProperty("weightShare").GetDouble(), 9);
        Assert.False(research.TryGetProperty("firstOrderEffect", out _));
        Assert.Contains(audit.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("pairwise"));
        Assert.Contains(audit.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("excess kurtosis"));
        Assert.Equal("readiness", audit.GetProperty("correlations").GetProperty("nodes")[0].GetString());
    }

    [Fact]
    public async Task Audit_Repeated_IsServedFromTheCache()
    {
        var first = await _client.GetAsync("/v1/cohorts/test-gaii/audit");
        var second = await _client.GetAsync("/v1/cohorts/test-gaii/audit");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("hit", string.Join(",", second.Headers.GetValues("X-Cache")));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Audit_Svg_IsAHeatmapOfTheCorrelations()
    {
        var response = await _client.GetAsync("/v1/cohorts/test-pillars/audit?format=svg");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        var svg = XDocument.Parse(await response.Content.ReadAsStringAsync());
        XNamespace ns = "http://www.w3.org/2000/svg";
        var texts = svg.Descendants(ns + "text").Select(t => t.Value).ToList();
        Assert.Contains(texts, t => t.Contains("test-pillars: correlations under readiness-v1"));
        Assert.Contains("computeAccess", texts);
        // One cell per pair of the five nodes with data (the index and four pillars), each with its r in a tooltip.
        var cells = svg.Descendants(ns + "g").Select(g => g.Element(ns + "title")?.Value).Where(t => t?.Contains(" × ") == true).ToList();
        Assert.Equal(25, cells.Count);
        Assert.Contains("readiness × readiness: r = 1.00", cells);
    }

    [Theory]
    [InlineData("test-pillars/audit?format=pdf", "format", "'pdf' is not a format")]
    [InlineData("test-pillars/audit?methodology=imf-aipi-2023", "methodology", "Cohort 'test-pillars' is for methodology 'readiness-v1'")]
    [InlineData("test-pillars/audit?group=nato", "group", "Unknown group 'nato'")]
    [InlineData("test-gaii/audit?group=brics-partners", "group", "nothing to audit")]
    public async Task Audit_BadQuery_Is400NamingTheField(string url, string field, string message)
    {
        var response = await _client.GetAsync("/v1/cohorts/" + url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Contains(message, errors.GetProperty(field)[0].GetString());
    }

    [Fact]
    public async Task Audit_UnknownCohort_Is404()
    {
        var response = await _client.GetAsync("/v1/cohorts/no-such-cohort/audit");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>The published GAII 2021 table: 62 countries, 3 pillars over 7 sub-pillars, no missing values.</summary>
    [Fact]
    public async Task Audit_PublishedGaii_ImportanceAgainstWeightForPillarsAndSubPillars()
    {
        if (CohortFolders.GaiiCohort() is null)
        {
            return; // ../shared/data is not beside this checkout: the hand-made cohorts above still run.
        }
        var audit = await GetJsonAsync("/v1/cohorts/gaii-2021/audit");

        Assert.Equal(62, audit.GetProperty("members").GetArrayLength());
        var importance = audit.GetProperty("importance").EnumerateArray().ToList();
        Assert.Equal(3, importance.Count(i => i.GetProperty("level").GetString() == "pillar"));
        Assert.Equal(7, importance.Count(i => i.GetProperty("level").GetString() == "subPillar"));
        foreach (var level in new[] { "pillar", "subPillar" })
        {
            var shares = importance.Where(i => i.GetProperty("level").GetString() == level).ToList();
            Assert.Equal(1, shares.Sum(i => i.GetProperty("weightShare").GetDouble()), 9);
            Assert.Equal(1, shares.Sum(i => i.GetProperty("importanceShare").GetDouble()), 9);
            foreach (var i in shares)
            {
                double ratio = i.GetProperty("ratio").GetDouble();
                Assert.Equal(ratio is > 2 or < 0.5, i.GetProperty("flagged").GetBoolean());
                Assert.InRange(i.GetProperty("firstOrderEffect").GetDouble(), 0, 1);
            }
        }
        Assert.All(audit.GetProperty("indicators").EnumerateArray(), i => Assert.Equal(62, i.GetProperty("count").GetInt32()));
        // Every flag names a node of the methodology.
        Assert.All(audit.GetProperty("flags").EnumerateArray(), f => Assert.False(string.IsNullOrEmpty(f.GetProperty("message").GetString())));
    }
}
