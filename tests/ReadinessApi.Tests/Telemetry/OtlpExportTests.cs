using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using ReadinessApi.Tests.Infrastructure;
using ReadinessApi.Tests.Telemetry.Otlp;

namespace ReadinessApi.Tests.Telemetry;

/// <summary>
/// With only the standard OTEL_* variables set, traces, metrics and logs reach a real OTLP receiver on
/// loopback, over both protocols, and decode to what the service recorded.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OtlpExportTests(ApiHost host)
{
    [Theory]
    [InlineData("http/protobuf")]
    [InlineData("grpc")]
    public async Task OtlpEndpointSet_TracesMetricsAndLogsArriveDecoded(string protocol)
    {
        await using var receiver = await OtlpReceiver.StartAsync(grpc: protocol == "grpc");
        await using var factory = new ApiFactory(host.Redis).WithSettings(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = protocol,
            ["OTEL_SERVICE_NAME"] = "readiness-api-under-test",
            ["OTEL_RESOURCE_ATTRIBUTES"] = $"deployment.environment.name=otlp-test,test.protocol={protocol}",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "100",
            ["Logging:LogLevel:ReadinessApi"] = "Debug",
        });
        var client = factory.CreateClient();
        var trace = TraceParent.New();
        var traceId = trace.TraceId.ToHexString();

        var response = await client.SendAsync(trace.Post("/v1/scores",
            """{"country":"RUS","year":2024,"inputs":{"innovation":18.5,"implementation":33.0,"investment":9.0,"computeAccess":6.0}}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        void Flush()
        {
            factory.Services.GetRequiredService<TracerProvider>().ForceFlush(1000);
            factory.Services.GetRequiredService<MeterProvider>().ForceFlush(1000);
            factory.Services.GetRequiredService<LoggerProvider>().ForceFlush(1000);
        }

        // Traces: the server span continues the caller's trace; the engine span is its child.
        var server = await Eventually.GetAsync(() => receiver.Spans.FirstOrDefault(s => s.TraceId == traceId && s.Kind == 2), "the server span", Flush);
        var score = await Eventually.GetAsync(() => receiver.Spans.FirstOrDefault(s => s.TraceId == traceId && s.Name == "readiness.score"), "the readiness.score span", Flush);
        Assert.Equal(trace.ParentSpanId.ToHexString(), server.ParentSpanId);
        Assert.Equal("/v1/scores", server.Attributes["http.route"]);
        Assert.Equal(200L, server.Attributes["http.response.status_code"]);
        Assert.Equal(server.SpanId, score.ParentSpanId);
        Assert.Equal("ReadinessApi", score.Scope);
        Assert.Equal(1, score.Kind);   // SPAN_KIND_INTERNAL
        Assert.Equal("readiness-v1", score.Attributes["readiness.methodology.id"]);
        Assert.Equal("scored", score.Attributes["readiness.outcome"]);

        // Resource: the operator's variables win over the service's defaults.
        Assert.Equal("readiness-api-under-test", score.Resource["service.name"]);
        Assert.Equal("otlp-test", score.Resource["deployment.environment.name"]);
        Assert.Equal(protocol, score.Resource["test.protocol"]);
        Assert.Equal("dotnet", score.Resource["telemetry.sdk.language"]);

        // Metrics: our instruments with units and tags, and the ASP.NET Core, runtime and process ones.
        var computed = await Eventually.GetAsync(() => receiver.Metrics.LastOrDefault(m => m.Name == "readiness.scores.computed"
            && m.Points.Any(p => Equals(p.Attributes.GetValueOrDefault("readiness.outcome"), "scored"))), "readiness.scores.computed", Flush);
        Assert.Equal("sum", computed.Kind);
        Assert.Equal("{score}", computed.Unit);
        Assert.Equal("ReadinessApi", computed.Scope);
        var scored = computed.Points.Single(p => Equals(p.Attributes["readiness.outcome"], "scored"));
        Assert.Equal("readiness-v1", scored.Attributes["readiness.methodology.id"]);
        Assert.True(scored.Value >= 1);
        Assert.Equal("readiness-api-under-test", computed.Resource["service.name"]);

        var duration = await Eventually.GetAsync(() => receiver.Metrics.LastOrDefault(m => m.Name == "readiness.score.duration"), "readiness.score.duration", Flush);
        Assert.Equal(("histogram", "s"), (duration.Kind, duration.Unit));
        Assert.True(duration.Points.Sum(p => (double)p.Count!.Value) >= 1);

        foreach (var name in new[] { "http.server.request.duration", "dotnet.gc.collections", "process.memory.usage" })
        {
            await Eventually.GetAsync(() => receiver.Metrics.FirstOrDefault(m => m.Name == name), name, Flush);
        }

        // Logs: structured, correlated with the span they were written in, no request body.
        var log = await Eventually.GetAsync(() => receiver.Logs.FirstOrDefault(l => l.TraceId == traceId && l.Body?.StartsWith("Scored RUS", StringComparison.Ordinal) == true),
            "the Scored log record", Flush);
        Assert.Equal(score.SpanId, log.SpanId);
        Assert.Equal("ReadinessApi.Scores.ScoreRequest", log.Scope);
        Assert.Equal(5, log.SeverityNumber);    // SEVERITY_NUMBER_DEBUG
        Assert.Equal("readiness-v1", log.Attributes["MethodologyId"]);
        Assert.Equal("RUS", log.Attributes["Country"]);
        Assert.Equal("readiness-api-under-test", log.Resource["service.name"]);
        Assert.All(receiver.Logs.Where(l => l.TraceId == traceId), l =>
        {
            Assert.DoesNotContain("\"inputs\"", l.Body ?? "");
            Assert.DoesNotContain(l.Attributes.Values, v => v is string s && s.Contains("\"inputs\"", StringComparison.Ordinal));
        });

        // The exporter spoke the configured protocol, and every body was valid protobuf.
        Assert.All(receiver.Requests.Keys, path => Assert.Equal(protocol == "grpc", path.StartsWith("/opentelemetry.proto.collector.", StringComparison.Ordinal)));
        Assert.Empty(receiver.Failures);
    }

    [Fact]
    public async Task TracesSamplerAlwaysOff_NoSpansExported_MetricsStillAre()
    {
        await using var receiver = await OtlpReceiver.StartAsync(grpc: false);
        await using var factory = new ApiFactory(host.Redis).WithSettings(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_TRACES_SAMPLER"] = "always_off",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        });
        var client = factory.CreateClient();
        var trace = TraceParent.New();
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(trace.Post("/v1/scores",
            """{"country":"RUS","inputs":{"innovation":18.5,"implementation":33.0,"investment":9.0,"computeAccess":6.0}}"""))).StatusCode);

        void Flush()
        {
            factory.Services.GetRequiredService<TracerProvider>().ForceFlush(1000);
            factory.Services.GetRequiredService<MeterProvider>().ForceFlush(1000);
        }
        // Once the request's metrics have arrived its spans would have too (the span ends before the flush).
        await Eventually.GetAsync(() => receiver.Metrics.FirstOrDefault(m => m.Name == "readiness.scores.computed"), "readiness.scores.computed", Flush);
        Flush();
        Assert.DoesNotContain(receiver.Spans, s => s.TraceId == trace.TraceId.ToHexString());
        Assert.Empty(receiver.Failures);
    }
}
