using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using ReadinessApi.Infrastructure.Telemetry;
using ReadinessApi.Tests.Infrastructure;
using ReadinessApi.Tests.OpenApi;

namespace ReadinessApi.Tests.Telemetry;

/// <summary>
/// deploy/grafana/readiness-dashboard.json parses as a Grafana dashboard, has the panels an operator needs,
/// and queries only metrics (and labels) that the service's /metrics actually exports after traffic.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed partial class DashboardTests(ApiHost host)
{
    private const string DashboardPath = "deploy/grafana/readiness-dashboard.json";
    /// <summary>Labels Prometheus attaches at scrape time; the service cannot export them itself.</summary>
    private static readonly HashSet<string> TargetLabels = ["job", "instance"];

    private static JsonDocument LoadDashboard() =>
        JsonDocument.Parse(File.ReadAllText(OpenApiContractTests.RepositoryFile(DashboardPath)));

    private static IEnumerable<JsonElement> Panels(JsonElement dashboard) =>
        dashboard.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.TryGetProperty("panels", out var nested) ? nested.EnumerateArray().Prepend(p) : [p]);

    private static List<(string Panel, string Expr)> Queries(JsonElement dashboard) =>
        Panels(dashboard)
            .Where(p => p.TryGetProperty("targets", out _))
            .SelectMany(p => p.GetProperty("targets").EnumerateArray()
                .Select(t => (p.GetProperty("title").GetString()!, t.GetProperty("expr").GetString()!)))
            .ToList();

    [Fact]
    public void Dashboard_Parses_WithTheOperatorsPanels()
    {
        using var doc = LoadDashboard();
        var root = doc.RootElement;
        Assert.Equal("readiness-api", root.GetProperty("uid").GetString());
        Assert.True(root.GetProperty("schemaVersion").GetInt32() >= 36);
        var variables = root.GetProperty("templating").GetProperty("list").EnumerateArray().Select(v => v.GetProperty("name").GetString()).ToList();
        Assert.Contains("datasource", variables);
        Assert.Contains("job", variables);

        var panels = Panels(root).ToList();
        Assert.Equal(panels.Count, panels.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());
        var titles = panels.Select(p => p.GetProperty("title").GetString()).ToList();
        foreach (var required in new[] { "Request rate", "Latency p50 / p95 / p99", "Error rate", "Unrouted requests", "Requests in flight", "Cache hit ratio", "Redis available", "Redis bypass share", "Redis outages", "Batch rows/s" })
        {
            Assert.Contains(required, titles);
        }
        foreach (var panel in panels.Where(p => p.GetProperty("type").GetString() != "row"))
        {
            var title = panel.GetProperty("title").GetString();
            Assert.Equal("${datasource}", panel.GetProperty("datasource").GetProperty("uid").GetString());
            Assert.True(panel.GetProperty("targets").GetArrayLength() > 0, $"{title} has no query");
            var grid = panel.GetProperty("gridPos");
            Assert.True(grid.GetProperty("x").GetInt32() + grid.GetProperty("w").GetInt32() <= 24, $"{title} is wider than the grid");
            foreach (var target in panel.GetProperty("targets").EnumerateArray())
            {
                var expr = target.GetProperty("expr").GetString()!;
                Assert.Contains("{job=~\"$job\"", expr);   // every selector follows the job picker
                Assert.Equal(expr.Count(c => c == '('), expr.Count(c => c == ')'));
                Assert.Equal(expr.Count(c => c == '{'), expr.Count(c => c == '}'));
            }
        }
    }

    [Fact]
    public async Task Dashboard_QueriesOnlyMetricsAndLabelsTheServiceExports()
    {
        await GenerateTrafficAsync();
        using var doc = LoadDashboard();
        var queries = Queries(doc.RootElement);
        var wanted = queries.SelectMany(q => MetricNames(q.Expr)).ToHashSet();
        Assert.NotEmpty(wanted);

        // The exporter may serve a scrape cached for a moment: poll until every queried metric shows.
        PrometheusScrape? scrape = null;
        var client = host.CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        do
        {
            scrape = await PrometheusScrape.GetAsync(client);
        }
        while (!wanted.IsSubsetOf(scrape.Names) && DateTime.UtcNow < deadline && await Delay());
        var missing = wanted.Except(scrape.Names).Order().ToList();
        Assert.True(missing.Count == 0, $"The dashboard queries metrics /metrics does not export: {string.Join(", ", missing)}");

        var problems = new List<string>();
        foreach (var (panel, expr) in queries)
        {
            Assert.NotEmpty(MetricNames(expr));
            foreach (Match selector in Selector().Matches(expr))
            {
                var metric = selector.Groups["metric"].Value;
                var exported = scrape.Of(metric).SelectMany(s => s.Labels.Keys).ToHashSet();
                foreach (Match matcher in Matcher().Matches(selector.Groups["matchers"].Value))
                {
                    var label = matcher.Groups["label"].Value;
                    if (!TargetLabels.Contains(label) && !exported.Contains(label))
                    {
                        problems.Add($"{panel}: {metric} has no label {label}");
                    }
                }
            }
            // Grouping labels must exist on some series the query reads.
            var labelsInQuery = MetricNames(expr).SelectMany(m => scrape.Of(m)).SelectMany(s => s.Labels.Keys).ToHashSet();
            foreach (Match by in By().Matches(expr))
            {
                foreach (var label in by.Groups["labels"].Value.Split(',', StringSplitOptions.TrimEntries))
                {
                    if (!TargetLabels.Contains(label) && !labelsInQuery.Contains(label))
                    {
                        problems.Add($"{panel}: groups by {label}, which none of its metrics has");
                    }
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Dashboard_EveryMetricItReads_IsInTheReadmeList()
    {
        // Operators look a metric up in the README's Observability list: a query added without it fails here.
        using var doc = LoadDashboard();
        var readme = File.ReadAllText(OpenApiContractTests.RepositoryFile("README.md"));
        var missing = Queries(doc.RootElement)
            .SelectMany(q => MetricNames(q.Expr))
            .Select(m => HistogramSeries().Replace(m, ""))
            .Append("target_info")
            .Distinct()
            .Where(m => !readme.Contains($"`{m}`", StringComparison.Ordinal))
            .Order()
            .ToList();
        Assert.True(missing.Count == 0, $"README.md's metric list lacks: {string.Join(", ", missing)}");
    }

    /// <summary>Metric names in a PromQL expression: every one is written as a selector, name{...}.</summary>
    private static HashSet<string> MetricNames(string expr) =>
        Selector().Matches(expr).Select(m => m.Groups["metric"].Value).ToHashSet();

    private static async Task<bool> Delay()
    {
        await Task.Delay(200);
        return true;
    }

    private async Task GenerateTrafficAsync()
    {
        var client = host.CreateClient();
        async Task Score(string json, HttpStatusCode expected) =>
            Assert.Equal(expected, (await client.PostAsync("/v1/scores", new StringContent(json, Encoding.UTF8, "application/json"))).StatusCode);
        await Score("""{"country":"RUS","inputs":{"innovation":18.5,"implementation":33.0,"investment":9.0,"computeAccess":6.0}}""", HttpStatusCode.OK);
        await Score("""{"country":"RUS","inputs":{"innovation":10}}""", HttpStatusCode.UnprocessableEntity);
        await Score("""{"country":"rus","inputs":{"innovation":10}}""", HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/methodologies")).StatusCode);

        // Cached operations: a ranking twice (the second at least is a hit), an analysis with a fresh seed
        // (a miss that computes draws) and again (a hit).
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/cohorts/test-pillars/ranking")).StatusCode);
        }
        var sensitivity = $$$"""{"methodology":"readiness-v1","items":[{"country":"RUS","inputs":{"innovation":18.5,"implementation":33,"investment":9,"computeAccess":6}},{"country":"DEU","inputs":{"innovation":40,"implementation":60,"investment":30,"computeAccess":70}},{"country":"FRA","inputs":{"innovation":50,"implementation":50,"investment":50,"computeAccess":50}}],"draws":100,"seed":{{{Random.Shared.NextInt64(1, long.MaxValue / 2)}}}}""";
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/v1/sensitivity", new StringContent(sensitivity, Encoding.UTF8, "application/json"))).StatusCode);
        }

        // A batch with a bad row: rows scored and failed, and the batch's duration.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/v1/scores/batch", new StringContent(
            "country,innovation,implementation,investment,computeAccess\nRUS,18.5,33,9,6\nXXX,1,1,1,1\n", Encoding.UTF8, "text/csv"))).StatusCode);

        // Bypasses and Redis errors happen only while Redis fails (Caching/RedisOutageTests drives that for
        // real, on hosts of its own): their instruments are exercised as the cache calls them.
        var telemetry = host.Factory.Services.GetRequiredService<ReadinessTelemetry>();
        telemetry.CacheBypass(null, "ranking");
        telemetry.CacheError(null, "ranking", "get", new TimeoutException("redis timeout"));
    }

    [GeneratedRegex("""(?<metric>[a-zA-Z_:][a-zA-Z0-9_:]*)\{(?<matchers>[^}]*)\}""")]
    private static partial Regex Selector();

    [GeneratedRegex(@"(?<label>[a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*""(\\.|[^""\\])*""")]
    private static partial Regex Matcher();

    [GeneratedRegex("""\bby\s*\((?<labels>[^)]*)\)""")]
    private static partial Regex By();

    /// <summary>The series suffixes of a histogram, which the README lists by its family name.</summary>
    [GeneratedRegex("_(bucket|count|sum)$")]
    private static partial Regex HistogramSeries();
}
