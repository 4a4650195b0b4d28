using System.Buffers;
using System.Text.Encodings.Web;
using ReadinessApi.Scores;

namespace ReadinessApi.Batch;

/// <summary>What opens a batch response (JSON shows it in its envelope; CSV and NDJSON carry it in headers).</summary>
internal sealed record BatchStart(MethodologyReference Methodology, string Rank, string? Cohort, IReadOnlyList<string> Notes);

/// <summary>What closes it: the counts, or the failure that cut it short.</summary>
internal sealed record BatchEnd(int Rows, int Errors, int? Ranked, BatchFailure? Failure, string? TraceId);

/// <summary>One result as the writers take it: NaN, 0 and −1 mark what is absent.</summary>
internal readonly ref struct BatchResultRow
{
    public int Index { get; init; }
    public ushort CountryId { get; init; }
    /// <summary>The country as sent, when it is not a known code.</summary>
    public string? CountryText { get; init; }
    public short Year { get; init; }
    public double Score { get; init; }
    public int Tier { get; init; }
    public int Rank { get; init; }
    public double Percentile { get; init; }
    public double Coverage { get; init; }
    public ReadOnlySpan<double> Pillars { get; init; }
    public BatchRowError? Error { get; init; }
}

/// <summary>Writes results in one format into the response buffer; flushing is the caller's.</summary>
internal abstract class BatchWriter(IBufferWriter<byte> output, BatchPlan plan)
{
    protected IBufferWriter<byte> Output { get; } = output;
    protected BatchPlan Plan { get; } = plan;

    public abstract void WriteStart(BatchStart start);
    public abstract void WriteRow(in BatchResultRow row);
    public abstract void WriteEnd(BatchEnd end);
}
