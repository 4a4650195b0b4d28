using System.Diagnostics;
using System.Net;
using ReadinessApi.Tests.Infrastructure;

namespace ReadinessApi.Tests.Telemetry;

/// <summary>The spans of one score request and how they nest, as the in-memory exporter receives them.</summary>
[Collection(ApiCollection.Name)]
public sealed class ScoringSpanTests(ApiHost host) : IAsyncLifetime
{
    private const string FullInputs =
        """{"country":"RUS","year":2024,"methodology":"readiness-v1","inputs":{"innovation":18.5,"implementation":33.0,"investment":9.0,"computeAccess":6.0}}""";

    private InMemoryTracingFactory _factory = null!;
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _factory = new InMemoryTracingFactory(host.Redis);
        _client = _factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task ScoreCountry_WithTraceparent_ScoreSpanIsChildOfServerSpanInThatTrace()
    {
        var trace = TraceParent.New();
        var response = await _client.SendAsync(trace.Post("/v1/scores", FullInputs));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var server = await _factory.WaitForSpanAsync(trace, a => a.Kind == ActivityKind.Server, "the server span");
        var score = await _factory.WaitForSpanAsync(trace, a => a.OperationName == "readiness.score", "the readiness.score span");

        // The incoming traceparent is honoured: same trace, and the server span's parent is the caller's span.
        Assert.Equal(trace.ParentSpanId, server.ParentSpanId);
        Assert.Equal("Microsoft.AspNetCore", server.Source.Name);
        Assert.Equal("/v1/scores", server.GetTagItem("http.route"));
        Assert.Equal(200, server.GetTagItem("http.response.status_code"));

        Assert.Equal("ReadinessApi", score.Source.Name);
        Assert.Equal(ActivityKind.Internal, score.Kind);
        Assert.Equal(server.SpanId, score.ParentSpanId);
        Assert.Equal("readiness-v1", score.GetTagItem("readiness.methodology.id"));
        Assert.False(string.IsNullOrEmpty(score.GetTagItem("readiness.methodology.version") as string));
        Assert.Equal(64, (score.GetTagItem("readiness.methodology.hash") as string)?.Length);
        Assert.Equal("RUS", score.GetTagItem("readiness.country"));
        Assert.Equal("scored", score.GetTagItem("readiness.outcome"));
        Assert.Equal(ActivityStatusCode.Unset, score.Status);
        // The engine span lies within the request's.
        Assert.True(score.StartTimeUtc >= server.StartTimeUtc && score.Duration <= server.Duration);
    }

    [Fact]
    public async Task ScoreCountry_CoverageBelowMinimum_SpanCarriesOutcomeAndIsNoError()
    {
        var trace = TraceParent.New();
        var response = await _client.SendAsync(trace.Post("/v1/scores", """{"country":"RUS","inputs":{"innovation":10}}"""));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);

        var score = await _factory.WaitForSpanAsync(trace, a => a.OperationName == "readiness.score", "the readiness.score span");
        Assert.Equal("insufficient_coverage", score.GetTagItem("readiness.outcome"));
        // An expected answer to a client, not a failure of the service.
        Assert.Equal(ActivityStatusCode.Unset, score.Status);
        var server = await _factory.WaitForSpanAsync(trace, a => a.Kind == ActivityKind.Server, "the server span");
        Assert.Equal(422, server.GetTagItem("http.response.status_code"));
    }

    [Fact]
    public async Task ScoreCountry_UnknownMethodology_OnlyTheServerSpan()
    {
        var trace = TraceParent.New();
        var response = await _client.SendAsync(trace.Post("/v1/scores", """{"country":"RUS","methodology":"no-such","inputs":{"innovation":10}}"""));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);

        await _factory.WaitForSpanAsync(trace, a => a.Kind == ActivityKind.Server, "the server span");
        Assert.DoesNotContain(_factory.SpansOf(trace), a => a.OperationName == "readiness.score");
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/metrics")]
    public async Task ProbesAndScrapes_AreNotTraced(string path)
    {
        var probe = TraceParent.New();
        var response = await _client.SendAsync(probe.Get(path));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // A traced request after it: once its server span has been exported, the probe's would have been too.
        var control = TraceParent.New();
        await _client.SendAsync(control.Get("/v1/methodologies"));
        await _factory.WaitForSpanAsync(control, a => a.Kind == ActivityKind.Server, "the control request's server span");
        Assert.Empty(_factory.SpansOf(probe));
    }
}
