using System.Diagnostics;
using System.Net;
using System.Text.Json;
using ReadinessApi.Tests.Infrastructure;

namespace ReadinessApi.Tests.Telemetry;

/// <summary>
/// The trace id a client sends in is the one its problem answer names, on the shared host where OTLP export
/// is off: an operator can search for it in logs (and in traces once export is on).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class TraceContextTests(ApiHost host)
{
    private readonly HttpClient _client = host.CreateClient();

    public static TheoryData<string, string, HttpStatusCode> Problems => new()
    {
        { "/v1/scores", """{"country":"rus","inputs":{"innovation":10}}""", HttpStatusCode.BadRequest },
        { "/v1/scores", """{"country":"RUS","inputs":{"innovation":1""", HttpStatusCode.BadRequest },
        { "/v1/scores", """{"country":"RUS","methodology":"no-such","inputs":{"innovation":10}}""", HttpStatusCode.NotFound },
        { "/v1/scores", """{"country":"RUS","inputs":{"innovation":10}}""", HttpStatusCode.UnprocessableEntity },
    };

    [Theory]
    [MemberData(nameof(Problems))]
    public async Task Problem_WithTraceparent_TraceIdIsTheIncomingTrace(string path, string body, HttpStatusCode status)
    {
        var trace = TraceParent.New();
        var response = await _client.SendAsync(trace.Post(path, body));
        Assert.Equal(status, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(trace.TraceId.ToHexString(), problem.RootElement.GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task Problem_OnAnUnmatchedRoute_TraceIdIsTheIncomingTrace()
    {
        var trace = TraceParent.New();
        var response = await _client.SendAsync(trace.Get("/v1/no-such-resource"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(trace.TraceId.ToHexString(), problem.RootElement.GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task Problem_WithoutTraceparent_HasAFreshW3CTraceId()
    {
        var response = await _client.PostAsync("/v1/scores",
            new StringContent("""{"country":"rus","inputs":{"innovation":10}}""", System.Text.Encoding.UTF8, "application/json"));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var traceId = problem.RootElement.GetProperty("traceId").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", traceId);
        Assert.NotEqual(new string('0', 32), traceId);
    }

    [Fact]
    public async Task ExportOff_ScoreSpanIsNotRecorded()
    {
        // A process-wide listener sees the service's activities without changing their sampling
        // (it asks for none); with export off the service's own sampler records nothing.
        var trace = TraceParent.New();
        var seen = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "ReadinessApi",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.None,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == trace.TraceId)
                {
                    lock (seen) { seen.Add(activity); }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        var response = await _client.SendAsync(trace.Post("/v1/scores",
            """{"country":"RUS","inputs":{"innovation":18.5,"implementation":33.0,"investment":9.0,"computeAccess":6.0}}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        lock (seen)
        {
            Assert.All(seen, a => Assert.False(a.Recorded || a.IsAllDataRequested, $"{a.OperationName} was recorded with export off"));
        }
        Assert.Null(host.Factory.Services.GetService(typeof(OpenTelemetry.Logs.LoggerProvider)));
    }
}
