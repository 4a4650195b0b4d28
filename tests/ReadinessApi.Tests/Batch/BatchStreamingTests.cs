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
    public async Task ScoreBatch_200000RowsRankNone_CompletesWithFlatMemory()
    {
        const int rows = 200_000, every = 20_000;
        // The live managed heap (after a full collection) of this process (service and client), sampled
        // as the upload goes. With rank=none nothing grows with the row count; holding rows would: even the
        // ~50 bytes a row that rank=batch keeps would add about 8 MiB between the first and last samples.
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
        var steady = samples.Skip(1).Select(s => s.Bytes).ToList();
        Assert.True(steady.Count >= 8, $"{steady.Count} samples");
        double spread = (steady.Max() - steady.Min()) / 1048576.0;
        Assert.True(spread < 3.0, $"live heap moved by {spread:0.00} MiB between {every} and {rows} rows");
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

        var line = await Eventually.GetAsync(() => host.Logs.Lines.FirstOrDefault(l => l.Contains("client disconnected", StringComparison.Ordinal)),
            "the batch to log that its client went away", timeout: TimeSpan.FromSeconds(15));
        output.WriteLine(line);
        await Assert.ThrowsAnyAsync<Exception>(() => post.Upload);
        long stopped = body.Written;
        output.WriteLine($"{stopped.ToString(CultureInfo.InvariantCulture)} rows were sent before the upload failed");
        Assert.True(stopped < endless / 10);
    }
}
