using System.Diagnostics;
using System.Net;
using System.Text;
using ReadinessApi.Tests.Infrastructure;

namespace ReadinessApi.Tests.Telemetry;

/// <summary>An uncertainty analysis: its span, draws and duration when computed; a cache hit computes nothing.</summary>
[Collection(ApiCollection.Name)]
public sealed class SensitivitySpanTests(ApiHost host)
{
    [Fact]
    public async Task Sensitivity_ComputedThenCached_SpanAndDrawCounters()
    {
        await using var factory = new InMemoryTracingFactory(host.Redis);
        var client = factory.CreateClient();
        // A seed no other test uses, so the first answer is computed.
        var seed = Random.Shared.NextInt64(1, long.MaxValue / 2);
        var body = $$$"""{"methodology":"readiness-v1","items":[{"country":"RUS","inputs":{"innovation":18.5,"implementation":33,"investment":9,"computeAccess":6}},{"country":"DEU","inputs":{"innovation":40,"implementation":60,"investment":30,"computeAccess":70}},{"country":"FRA","inputs":{"innovation":50,"implementation":50,"investment":50,"computeAccess":50}}],"draws":200,"seed":{{{seed}}}}""";

        async Task<TraceParent> PostAsync(string expectedCache)
        {
            var trace = TraceParent.New();
            var response = await client.SendAsync(trace.Post("/v1/sensitivity", body));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(expectedCache, response.Headers.GetValues("X-Cache").Single());
            return trace;
        }

        var computed = await PostAsync("miss");
        var server = await factory.WaitForSpanAsync(computed, a => a.Kind == ActivityKind.Server, "the server span");
        var span = await factory.WaitForSpanAsync(computed, a => a.OperationName == "readiness.sensitivity", "readiness.sensitivity");
        Assert.Equal(server.SpanId, span.ParentSpanId);
        Assert.Equal("readiness-v1", span.GetTagItem("readiness.methodology.id"));
        Assert.Equal(3, span.GetTagItem("readiness.sensitivity.countries"));
        Assert.Equal(200, span.GetTagItem("readiness.sensitivity.draws"));
        Assert.Equal("computed", span.GetTagItem("readiness.outcome"));
        Assert.Equal("miss", span.GetTagItem("readiness.cache.outcome"));

        var cached = await PostAsync("hit");
        var cachedSpan = await factory.WaitForSpanAsync(cached, a => a.OperationName == "readiness.sensitivity", "readiness.sensitivity (cached)");
        Assert.Equal("hit", cachedSpan.GetTagItem("readiness.cache.outcome"));
        Assert.Null(cachedSpan.GetTagItem("readiness.outcome"));

        var scrape = await PrometheusScrape.GetAsync(client);
        Assert.Contains(scrape.Of("readiness_sensitivity_draws_total"), s => s.Labels["readiness_methodology_id"] == "readiness-v1" && s.Value >= 200);
        Assert.Contains(scrape.Of("readiness_sensitivity_duration_seconds_count"), s => s.Labels["readiness_methodology_id"] == "readiness-v1" && s.Value >= 1);
        Assert.Contains(scrape.Of("readiness_cache_hits_total"), s => s.Labels["readiness_cache_kind"] == "sensitivity");
    }
}
