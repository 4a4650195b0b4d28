namespace ReadinessApi.Batch;

/// <summary>One structured line per batch: what was asked, how many rows and errors, how long, how it ended.</summary>
internal static partial class BatchLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information,
        Message = "Batch {Methodology} {InputFormat}->{OutputFormat} rank={Rank}: {Rows} rows, {Errors} errors in {DurationMs:0.0} ms, {BytesRead} bytes read ({Outcome})")]
    public static partial void Completed(ILogger logger, string methodology, BatchFormat inputFormat, BatchFormat outputFormat, string rank,
        int rows, int errors, double durationMs, long bytesRead, string outcome);
}
