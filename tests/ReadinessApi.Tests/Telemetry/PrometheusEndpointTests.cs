using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ReadinessApi.Infrastructure.Telemetry;
using ReadinessApi.Tests.Infrastructure;

namespace ReadinessApi.Tests.Telemetry;

/// <summary>/metrics, in Prometheus text format, carries our instruments and the platform's after traffic.</summary>
[Collection(ApiCollection.Name)]
public sealed class PrometheusEndpointTests(ApiHost host)
{
    private readonly HttpClient _client = host.CreateClient();

    private Task<HttpResponseMessage> ScoreAsync(string json) =>
        _client.PostAsync("/v1/scores", new StringContent(json, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task Metrics_AfterScoring_ExposesReadinessAndPlatformInstruments()
    {
        Assert.Equal(HttpStatusCode.OK, (await ScoreAsync(
            """{"country":"RUS","inputs":{"innovation":18.5,"implementation":33.0,"investment":9.0,"computeAccess":6.0}}""")).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await ScoreAsync("""{"country":"RUS","inputs":{"innovation":10}}""")).StatusCode);

        var scrape = await ScrapeUntilAsync(s => s.Of("readiness_scores_computed_total").Any(x => x.Labels.GetValueOrDefault("readiness_outcome") == "insufficient_coverage"));

        Assert.Equal("counter", scrape.Types["readiness_scores_computed_total"]);
        Assert.Contains(scrape.Of("readiness_scores_computed_total"), s =>
            s.Labels["readiness_methodology_id"] == "readiness-v1" && s.Labels["readiness_outcome"] == "scored" && s.Value >= 1);
        Assert.Equal("histogram", scrape.Types["readiness_score_duration_seconds"]);
        Assert.Contains(scrape.Of("readiness_score_duration_seconds_bucket"), s => s.Labels["le"] == "+Inf" && s.Value >= 1);
        // Buckets chosen for microsecond work (the default ones start at 5 ms... in milliseconds).
        Assert.Contains(scrape.Of("readiness_score_duration_seconds_bucket"), s => s.Labels["le"] == "5E-06");

        // OpenTelemetry semantic-convention names from ASP.NET Core, the runtime and the process.
        Assert.Equal("histogram", scrape.Types["http_server_request_duration_seconds"]);
        Assert.Contains(scrape.Of("http_server_request_duration_seconds_count"), s =>
            s.Labels.GetValueOrDefault("http_route") == "/v1/scores" && s.Labels["http_response_status_code"] == "422");
        // Request-scale boundaries from 100 µs (OpenTelemetry views), where ASP.NET Core's advice starts at 5 ms.
        Assert.Equal(
            TelemetryExtensions.RequestDurationBuckets.Select(b => b.ToString(CultureInfo.InvariantCulture)).Append("+Inf"),
            scrape.Of("http_server_request_duration_seconds_bucket")
                .Where(s => s.Labels.GetValueOrDefault("http_route") == "/v1/scores" && s.Labels["http_response_status_code"] == "422")
                .Select(s => s.Labels["le"]).Distinct());
        foreach (var name in new[] { "dotnet_gc_collections_total", "dotnet_process_cpu_time_seconds_total", "process_memory_usage_bytes", "process_cpu_time_seconds_total", "readiness_requests_active" })
        {
            Assert.Contains(name, scrape.Names);
        }
        // ASP.NET Core's in-flight gauge counts the scrape reading it; readiness_requests_active replaces it.
        Assert.DoesNotContain("http_server_active_requests", scrape.Names);
        Assert.Contains(scrape.Of("target_info"), s => s.Labels["service_name"] == "readiness-api" && s.Labels["deployment_environment_name"] == "testing");
    }

    [Fact]
    public async Task Metrics_UnknownMethodology_DoesNotBecomeALabel()
    {
        const string madeUp = "made-up-methodology-7f3a";
        Assert.Equal(HttpStatusCode.NotFound, (await ScoreAsync("""{"country":"RUS","methodology":"METHODOLOGY","inputs":{"innovation":10}}""".Replace("METHODOLOGY", madeUp, StringComparison.Ordinal))).StatusCode);

        var scrape = await ScrapeUntilAsync(s => s.Of("readiness_scores_computed_total").Any(x => x.Labels["readiness_outcome"] == "unknown_methodology"));
        Assert.Contains(scrape.Of("readiness_scores_computed_total"), s =>
            s.Labels["readiness_outcome"] == "unknown_methodology" && s.Labels["readiness_methodology_id"] == "unknown");
        Assert.DoesNotContain(madeUp, scrape.Text);
    }

    [Fact]
    public async Task Metrics_Scrapes_AreNotCountedAsHttpRequests()
    {
        await PrometheusScrape.GetAsync(_client);
        var scrape = await PrometheusScrape.GetAsync(_client);
        // (Routing still counts its match attempts for /metrics; only the HTTP server metrics leave it out.)
        Assert.DoesNotContain(scrape.Samples, s => s.Name.StartsWith("http_server_", StringComparison.Ordinal)
            && s.Labels.GetValueOrDefault("http_route") == "/metrics");
    }

    [Fact]
    public async Task Metrics_RequestsInFlight_LeaveOutTheScrape()
    {
        await ScoreAsync("""{"country":"RUS","inputs":{"innovation":10}}""");
        // Tests in this collection run one at a time: the scrape is the only request in flight.
        var scrape = await ScrapeUntilAsync(s => s.Of("readiness_requests_active").Any());
        Assert.Equal(0, Assert.Single(scrape.Of("readiness_requests_active")).Value);
    }

    [Fact]
    public void Routes_AreTheContractsPaths_WithoutATrailingSlash()
    {
        // http.route, the metric label dashboards group by, is each endpoint's route diagnostics metadata.
        var routes = host.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => e.Metadata.GetMetadata<IRouteDiagnosticsMetadata>()?.Route)
            .OfType<string>()
            .ToList();
        Assert.Contains("/v1/scores", routes);
        Assert.Contains("/v1/methodologies/{id}", routes);
        Assert.All(routes, r => Assert.True(r == "/" || !r.EndsWith('/'), $"{r} ends with a slash"));
    }

    [Fact]
    public async Task Metrics_WithApiKeysEnabled_NeedNoKey()
    {
        // Prometheus scrapes without an API key; /metrics stays reachable when keys guard /v1.
        await using var factory = new ApiFactory(host.Redis).WithSettings(new Dictionary<string, string?>
        {
            ["ApiKeys:Enabled"] = "true",
            ["ApiKeys:Keys:0:Name"] = "analyst",
            ["ApiKeys:Keys:0:Hash"] = new string('a', 64),
        });
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/methodologies")).StatusCode);
        await PrometheusScrape.GetAsync(client);
    }

    /// <summary>The exporter may serve a scrape cached for a moment; poll until traffic shows.</summary>
    private Task<PrometheusScrape> ScrapeUntilAsync(Func<PrometheusScrape, bool> shows) =>
        Eventually.GetAsync(async () => await PrometheusScrape.GetAsync(_client) is var s && shows(s) ? s : null, "the scrape to show the traffic");
}
