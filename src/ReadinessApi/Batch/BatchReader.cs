using ReadinessApi.Infrastructure.Validation;

namespace ReadinessApi.Batch;

/// <summary>
/// Reads a batch item by item into one reused <see cref="BatchItem"/>. Problems with an item go into the
/// item; a problem with the whole request ends the reading with <see cref="Failure"/> set.
/// </summary>
internal abstract class BatchReader : IAsyncDisposable
{
    protected BatchReader(BatchPlan plan) => Plan = plan;

    protected BatchPlan Plan { get; }

    /// <summary>Set when reading stopped because the request as a whole is malformed.</summary>
    public BatchFailure? Failure { get; protected set; }

    /// <summary>Fills <paramref name="item"/> with the next item; false at the end of the body or on a <see cref="Failure"/>.</summary>
    public abstract ValueTask<bool> ReadAsync(BatchItem item, CancellationToken cancellationToken);

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Records a value for node <paramref name="node"/>; null, or why it is not acceptable.</summary>
    protected string? SetValue(BatchItem item, int node, double x)
    {
        if (Scoring.InputBinder.CheckValue(Plan.Methodology, node, x) is { } message)
        {
            return message;
        }
        item.Values[node] = x;
        item.ValueCount++;
        return null;
    }

    /// <summary>A node given together with one of its ancestors is ambiguous: each such descendant, or null.</summary>
    protected List<Scoring.InputError>? Ambiguities(BatchItem item)
    {
        List<Scoring.InputError>? errors = null;
        Scoring.InputBinder.CheckAmbiguity(Plan.Methodology, item.Values, ref errors);
        return errors;
    }

    protected static string Echo(ReadOnlySpan<char> text) =>
        text.Length <= BatchItem.MaxEcho ? text.ToString() : string.Concat(text[..BatchItem.MaxEcho], "…");

    protected static string NotACountry(ReadOnlySpan<char> text) => ContractLimits.NotACountry(Echo(text));
}

/// <summary>
/// The request body, counted: past <c>Batch:MaxBytes</c>, or past <see cref="MaxItemBytes"/> since the last
/// item was read (one item that long is a quote left open, or an attempt to make the reader buffer without
/// end), it reports the end of the data and says why, so every reader stops the same way and the loop
/// answers 413 or 400.
/// </summary>
internal sealed class BoundedBody(Stream inner, long maxBytes) : Stream
{
    /// <summary>
    /// The most bytes read while one item (a CSV row, an NDJSON line, a JSON item) is read: the item and the
    /// reader's read-ahead (up to 64 KiB), so an item of up to about 1 MiB passes.
    /// </summary>
    public const int MaxItemBytes = 1024 * 1024;

    private long _itemStart;

    public long BytesRead { get; private set; }
    public bool Exceeded { get; private set; }
    public bool ItemTooLong { get; private set; }
    public bool Stopped => Exceeded || ItemTooLong;

    /// <summary>An item was read whole: the next one starts counting from here.</summary>
    public void MarkItem() => _itemStart = BytesRead;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Stopped)
        {
            return 0;
        }
        int n = await inner.ReadAsync(buffer, cancellationToken);
        return Count(n);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => Stopped ? 0 : Count(inner.Read(buffer, offset, count));

    private int Count(int n)
    {
        BytesRead += n;
        if (BytesRead > maxBytes)
        {
            Exceeded = true;
            return 0;
        }
        if (BytesRead - _itemStart > MaxItemBytes)
        {
            ItemTooLong = true;
            return 0;
        }
        return n;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
