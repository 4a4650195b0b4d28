using System.Diagnostics;
using System.Net;
using System.Text;
using ReadinessApi.Tests.Infrastructure;

namespace ReadinessApi.Tests.Telemetry;

/// <summary>A batch request: one span with its totals, rows counted by outcome as they stream, a duration.</summary>
[Collection(ApiCollection.Name)]
public sealed class BatchSpanTests(ApiHost host)
{
    [Fact]
    public async Task Batch_CsvWithABadRow_SpanTotalsAndRowCounters()
    {
        await using var factory = new InMemoryTracingFactory(host.Redis);
        var client = factory.CreateClient();
        var before = await PrometheusScrape.GetAsync(client);
        double Rows(PrometheusScrape s, string outcome) => s.Of("readiness_batch_rows_total")
            .Where(x => x.Labels["readiness_batch_format"] == "csv" && x.Labels["readiness_outcome"] == outcome).Sum(x => x.Value);

        var trace = TraceParent.New();
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/scores/batch")
        {
            Content = new StringContent("""
                country,innovation,implementation,investment,computeAccess
                RUS,18.5,33,9,6
                DEU,40,60,30,70
                XXX,1,1,1,1
                """, Encoding.UTF8, "text/csv"),
        };
        request.Headers.Add("traceparent", trace.Header);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await response.Content.ReadAsStringAsync();

        var server = await factory.WaitForSpanAsync(trace, a => a.Kind == ActivityKind.Server, "the server span");
        var batch = await factory.WaitForSpanAsync(trace, a => a.OperationName == "readiness.batch", "readiness.batch");
        Assert.Equal(server.SpanId, batch.ParentSpanId);
        Assert.Equal("readiness-v1", batch.GetTagItem("readiness.methodology.id"));
        Assert.Equal("csv", batch.GetTagItem("readiness.batch.format"));
        Assert.Equal("none", batch.GetTagItem("readiness.batch.rank"));
        Assert.Equal(3L, Convert.ToInt64(batch.GetTagItem("readiness.batch.rows")));
        Assert.Equal(1L, Convert.ToInt64(batch.GetTagItem("readiness.batch.errors")));
        // A bad row is an answer in the batch, not a failure of the request.
        Assert.NotEqual(ActivityStatusCode.Error, batch.Status);
        // One span per request, not per row: a million-row batch must not make a million spans.
        Assert.Single(factory.SpansOf(trace), a => a.Source.Name == "ReadinessApi");

        // (The exporter may answer a scrape from its cache for a moment: poll until the rows show.)
        var after = await Eventually.GetAsync(async () => await PrometheusScrape.GetAsync(client) is var s
            && Rows(s, "scored") - Rows(before, "scored") >= 2 && Rows(s, "error") - Rows(before, "error") >= 1 ? s : null,
            "two rows counted scored and one failed");
        Assert.Contains(after.Of("readiness_batch_errors_total"), s => s.Labels["readiness_batch_format"] == "csv" && s.Value >= 1);
        Assert.Contains(after.Of("readiness_batch_duration_seconds_count"), s => s.Labels["readiness_batch_format"] == "csv" && s.Value >= 1);
    }
}
