using System.Globalization;
using ReadinessApi.Tests.Telemetry;
using Xunit.Abstractions;

namespace ReadinessApi.Tests.Batch;

/// <summary>
/// Streaming both ways over real sockets, with a client that reads while it uploads: flat memory whatever
/// the row count, and a client that goes away stops the work.
/// </summary>
[Collection(KestrelBatchCollection.Name)]
public sealed class BatchStreamingTests(KestrelBatchHost host, ITestOutputHelper output)
{
    [Fact]
    public async Task ScoreBatch_400000RowsRankNone_CompletesWithFlatMemory()
    {
        const int rows = 400_000, every = 40_000;
        // The live managed heap (after a full collection) of this process, sampled as the upload goes: the
        // service's and this client's, and whatever the other test hosts do in the background (which drifts
        // by a few MiB over time, whatever the service does). Growth is measured between the mean of the
        // first three samples and the mean of the last three, about 280 000 rows apart: anything held per row
        // shows; even the ~50 bytes a row that rank=batch keeps would add some 13 MiB.
        var samples = new List<(long Rows, long Bytes)>();
        var body = new CsvRows(rows, every, sent => samples.Add((sent, GC.GetTotalMemory(forceFullCollection: true))));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));

        using var post = await DuplexPost.StartAsync(host.Address, "/v1/scores/batch", "text/csv", body.WriteAsync, timeout.Token);
        Assert.Equal(200, post.Status);
        long lines = 0, scored = 0;
        using (var reader = new StreamReader(post.Body))
        {
            while (await reader.ReadLineAsync(timeout.Token) is { } line)
            {
                lines++;
                if (lines > 1 && line.Contains(",2024,", StringComparison.Ordinal) && line.EndsWith(','))
                {
                    scored++;
                }
            }
        }
        await post.Upload;

        Assert.Equal(rows + 1, lines);
        Assert.Equal(rows, scored);
        foreach (var (sent, bytes) in samples)
        {
            output.WriteLine($"{sent,8} rows sent: live heap {bytes / 1048576.0:0.00} MiB");
        }
        Assert.Equal(rows / every, samples.Count);
        double first = samples.Take(3).Average(s => s.Bytes), last = samples.TakeLast(3).Average(s => s.Bytes);
        double growth = (last - first) / 1048576.0;
        output.WriteLine($"growth {growth:0.00} MiB over {samples[^2].Rows - samples[1].Rows} rows");
        Assert.True(growth < 6.0, $"live heap grew by {growth:0.00} MiB while {rows} rows streamed");
    }

    [Fact]
    public async Task ScoreBatch_ClientDisconnects_ServerStopsReadingAndScoring()
    {
        const long endless = 100_000_000;
        var body = new CsvRows(endless);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var post = await DuplexPost.StartAsync(host.Address, "/v1/scores/batch", "text/csv", body.WriteAsync, timeout.Token);
        using (var reader = new StreamReader(post.Body, leaveOpen: true))
        {
            for (int i = 0; i < 20_000; i++)
            {
                Assert.NotNull(await reader.ReadLineAsync(timeout.Token));
            }
        }
        post.Dispose();

        var line = await Eventually.GetAsync(() => host.Logs.Lines.FirstOrDefault(l => l.Contains("client_disconnected", StringComparison.Ordinal)),
            "the batch to log that its client went away", timeout: TimeSpan.FromSeconds(15));
        output.WriteLine(line);
        await Assert.ThrowsAnyAsync<Exception>(() => post.Upload);
        long stopped = body.Written;
        output.WriteLine($"{stopped.ToString(CultureInfo.InvariantCulture)} rows were sent before the upload failed");
        Assert.True(stopped < endless / 10);
    }
}
