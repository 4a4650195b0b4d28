using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using ReadinessApi.Infrastructure.Telemetry;
using ReadinessApi.Tests.Infrastructure;
using ReadinessApi.Tests.Telemetry;

namespace ReadinessApi.Tests.Batch;

/// <summary>Each batch leaves a readiness.batch span (rows, errors, outcome) and rows, errors and duration metrics.</summary>
[Collection(ApiCollection.Name)]
public sealed class BatchTelemetryTests(ApiHost host) : IAsyncLifetime
{
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
    public async Task ScoreBatch_SpanAndMetrics_CountRowsErrorsAndDuration()
    {
        var telemetry = _factory.Services.GetRequiredService<ReadinessTelemetry>();
        var counted = new List<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument == telemetry.BatchRows || instrument == telemetry.BatchErrors || instrument == telemetry.BatchDuration)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Record(i, value, tags));
        listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Record(i, value, tags));
        listener.Start();
        var trace = TraceParent.New();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/scores/batch?rank=batch")
        {
            Content = new StringContent(BatchSamples.Mixed.Csv(), Encoding.UTF8, "text/csv"),
        };
        request.Headers.Add("traceparent", trace.Header);

        var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await response.Content.ReadAsStringAsync();

        var server = await _factory.WaitForSpanAsync(trace, a => a.Kind == ActivityKind.Server, "the server span");
        var batch = await _factory.WaitForSpanAsync(trace, a => a.OperationName == TelemetryNames.BatchSpan, "the readiness.batch span");
        Assert.Equal(server.SpanId, batch.ParentSpanId);
        Assert.Equal("readiness-v1", batch.GetTagItem(TelemetryNames.MethodologyId));
        Assert.Equal("csv", batch.GetTagItem(TelemetryNames.BatchFormat));
        Assert.Equal("batch", batch.GetTagItem(TelemetryNames.BatchRank));
        Assert.Equal(6L, Convert.ToInt64(batch.GetTagItem(TelemetryNames.BatchRows)));
        Assert.Equal(3L, Convert.ToInt64(batch.GetTagItem(TelemetryNames.BatchErrors)));
        Assert.Equal("completed", batch.GetTagItem(TelemetryNames.Outcome));
        Assert.Equal(ActivityStatusCode.Unset, batch.Status);

        lock (counted)
        {
            var rows = counted.Where(c => c.Instrument == "readiness.batch.rows").ToList();
            Assert.Equal(3, rows.Where(r => (string?)r.Tags[TelemetryNames.Outcome] == TelemetryNames.Scored).Sum(r => r.Value));
            Assert.Equal(3, rows.Where(r => (string?)r.Tags[TelemetryNames.Outcome] == TelemetryNames.Error).Sum(r => r.Value));
            Assert.All(rows, r => Assert.Equal("csv", r.Tags[TelemetryNames.BatchFormat]));
            Assert.Equal(3, counted.Where(c => c.Instrument == "readiness.batch.errors").Sum(c => c.Value));
            var duration = Assert.Single(counted, c => c.Instrument == "readiness.batch.duration");
            Assert.InRange(duration.Value, 0, 60);
            Assert.Equal("readiness-v1", duration.Tags[TelemetryNames.MethodologyId]);
        }

        void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags) where T : struct
        {
            var dictionary = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                dictionary[tag.Key] = tag.Value;
            }
            lock (counted)
            {
                counted.Add((instrument.Name, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), dictionary));
            }
        }
    }

    [Fact]
    public async Task ScoreBatch_Rejected_SpanSaysSoWithoutMarkingTheServiceFailed()
    {
        var trace = TraceParent.New();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/scores/batch")
        {
            Content = new StringContent("country,quantum\nRUS,1\n", Encoding.UTF8, "text/csv"),
        };
        request.Headers.Add("traceparent", trace.Header);

        var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);

        var batch = await _factory.WaitForSpanAsync(trace, a => a.OperationName == TelemetryNames.BatchSpan, "the readiness.batch span");
        Assert.Equal("rejected", batch.GetTagItem(TelemetryNames.Outcome));
        Assert.Equal(ActivityStatusCode.Unset, batch.Status);
    }
}
