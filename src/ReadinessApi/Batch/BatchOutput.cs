using System.Buffers;
using System.IO.Pipelines;

namespace ReadinessApi.Batch;

/// <summary>
/// The response body as the writers see it. Until the first flush the bytes stay in a buffer of its own and
/// the response has not started, so a limit or a malformed request met early can still be answered with a
/// proper status; from the first flush on, writes go straight into the response's <see cref="PipeWriter"/>,
/// flushed every <see cref="FlushThreshold"/> bytes, so memory stays flat however long the batch.
/// </summary>
internal sealed class BatchOutput(PipeWriter pipe, Action? onStart = null) : IBufferWriter<byte>
{
    public const int FlushThreshold = 64 * 1024;

    private ArrayBufferWriter<byte>? _pending = new(FlushThreshold + 16 * 1024);
    private long _unflushed;

    /// <summary>True once the status and headers are sent: from then on a failure can only end the stream.</summary>
    public bool HasStarted { get; private set; }

    /// <summary>Enough is buffered to be worth sending.</summary>
    public bool ShouldFlush => (HasStarted ? _unflushed : _pending!.WrittenCount) >= FlushThreshold;

    public void Advance(int count)
    {
        if (HasStarted)
        {
            pipe.Advance(count);
            _unflushed += count;
        }
        else
        {
            _pending!.Advance(count);
        }
    }

    public Memory<byte> GetMemory(int sizeHint = 0) => HasStarted ? pipe.GetMemory(sizeHint) : _pending!.GetMemory(sizeHint);

    public Span<byte> GetSpan(int sizeHint = 0) => HasStarted ? pipe.GetSpan(sizeHint) : _pending!.GetSpan(sizeHint);

    /// <summary>Starts the response if needed and sends what is buffered; false when the client is gone.</summary>
    public async ValueTask<bool> FlushAsync(CancellationToken cancellationToken)
    {
        Start();
        _unflushed = 0;
        var result = await pipe.FlushAsync(cancellationToken);
        return !result.IsCompleted && !result.IsCanceled;
    }

    /// <summary>Drops what was written before the response started (to answer with a problem instead).</summary>
    public void Discard()
    {
        if (!HasStarted)
        {
            _pending!.Clear();
        }
    }

    private void Start()
    {
        if (HasStarted)
        {
            return;
        }
        onStart?.Invoke();
        HasStarted = true;
        pipe.Write(_pending!.WrittenSpan);
        _unflushed = _pending.WrittenCount;
        _pending = null;
    }
}
