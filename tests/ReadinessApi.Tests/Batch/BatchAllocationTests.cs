using System.IO.Pipelines;
using System.Text;
using ReadinessApi.Batch;
using ReadinessApi.Scoring;
using Xunit.Abstractions;

namespace ReadinessApi.Tests.Batch;

/// <summary>
/// What the batch loop allocates per row, measured on the running thread (in memory, every await completes
/// at once, so the whole batch runs on it): nothing with rank=none; a few numbers with rank=batch. In the
/// Kestrel collection only so that it runs alone.
/// </summary>
[Collection(KestrelBatchCollection.Name)]
public sealed class BatchAllocationTests(ITestOutputHelper output)
{
    private static readonly string[] Codes = ["RUS", "GBR", "CHN", "USA", "FRA", "DEU", "IND", "BRA"];

    [Theory]
    [InlineData("csv", "csv")]
    [InlineData("csv", "json")]
    [InlineData("ndjson", "ndjson")]
    [InlineData("json", "csv")]
    public void BatchLoop_RankNone_AllocatesNothingPerRow(string input, string answer)
    {
        double perRow = PerRow(Format(input), Format(answer), rankBatch: false);

        Assert.True(perRow < 1, $"{perRow:0.00} bytes allocated per row");
    }

    [Fact]
    public void BatchLoop_RankBatch_KeepsAFewNumbersPerRow()
    {
        // Country id, year, raw score, coverage, four pillars (44 bytes), and the ranking's score, key,
        // order, rank and tie count (28 bytes).
        double perRow = PerRow(BatchFormat.Csv, BatchFormat.Csv, rankBatch: true);

        Assert.InRange(perRow, 44, 96);
    }

    private static BatchFormat Format(string name) => BatchFormat.All.Single(f => f.Name == name);

    private double PerRow(BatchFormat input, BatchFormat answer, bool rankBatch)
    {
        long small = Allocated(input, answer, rankBatch, 20_000);
        long large = Allocated(input, answer, rankBatch, 120_000);
        double perRow = (large - small) / 100_000.0;
        output.WriteLine($"{input}->{answer} rank={(rankBatch ? "batch" : "none")}: {small} bytes for 20 000 rows, {large} for 120 000: {perRow:0.00} a row");
        return perRow;
    }

    private static long Allocated(BatchFormat input, BatchFormat answer, bool rankBatch, int rows)
    {
        var body = Encoding.UTF8.GetBytes(Body(rows).In(input.MediaType));
        var job = new BatchJob(BatchPlan.For(MethodologyCatalog.Embedded.Default), input, answer, rankBatch, null, int.MaxValue, long.MaxValue);
        Run(job, body); // JIT and first-use costs out of the way
        return Run(job, body);
    }

    private static long Run(BatchJob job, byte[] body)
    {
        var stream = new MemoryStream(body, writable: false);
        var sink = PipeWriter.Create(Stream.Null);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var run = BatchProcessor.RunAsync(job, stream, new BatchOutput(sink), CancellationToken.None);
        long after = GC.GetAllocatedBytesForCurrentThread();
        Assert.True(run.IsCompletedSuccessfully, "in memory the batch should complete without yielding");
        Assert.Null(run.Result.Failure);
        Assert.Equal(0, run.Result.Errors);
        return after - before;
    }

    private static BatchBody Body(int rows) => new(["innovation", "implementation", "investment", "computeAccess"],
        [.. Enumerable.Range(0, rows).Select(i => (Codes[i % Codes.Length], (int?)(2000 + i % 25), new Dictionary<string, double>
        {
            ["innovation"] = i % 101, ["implementation"] = i / 7 % 101, ["investment"] = 50.5, ["computeAccess"] = 25.25,
        }))]);
}
