using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;

namespace ReadinessApi.Batch;

/// <summary>
/// One item object per line, read line by line from a <see cref="PipeReader"/> over the body. Lines
/// delimit items, so even malformed JSON on one line is an error of that item only. Blank lines are no items.
/// </summary>
internal sealed class NdjsonBatchReader : JsonItemsReader
{
    private readonly PipeReader _pipe;
    private ReadOnlySequence<byte> _buffer;
    private bool _hasBuffer;
    private bool _completed;
    private bool _any;
    private int _line;
    private int _index;

    public NdjsonBatchReader(BatchPlan plan, Stream body) : base(plan) =>
        _pipe = PipeReader.Create(body, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: true));

    protected override string Field(BatchItem item, string name) => name;

    public override async ValueTask<bool> ReadAsync(BatchItem item, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_hasBuffer)
            {
                if (_buffer.PositionOf((byte)'\n') is { } end)
                {
                    var line = _buffer.Slice(0, end);
                    _buffer = _buffer.Slice(_buffer.GetPosition(1, end));
                    if (Take(line, item))
                    {
                        return true;
                    }
                    continue;
                }
                if (_completed)
                {
                    var last = _buffer;
                    _buffer = _buffer.Slice(_buffer.End);
                    if (!last.IsEmpty && Take(last, item))
                    {
                        return true;
                    }
                    if (!_any)
                    {
                        Failure = BatchFailure.EmptyBody(BatchFormat.Ndjson);
                    }
                    return false;
                }
                _pipe.AdvanceTo(_buffer.Start, _buffer.End);
                _hasBuffer = false;
            }
            var result = await _pipe.ReadAsync(cancellationToken);
            _buffer = result.Buffer;
            _completed = result.IsCompleted;
            _hasBuffer = true;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (_hasBuffer)
        {
            _pipe.AdvanceTo(_buffer.Start);
            _hasBuffer = false;
        }
        await _pipe.CompleteAsync();
    }

    /// <summary>Reads one line into the item; false for a blank line.</summary>
    private bool Take(ReadOnlySequence<byte> line, BatchItem item)
    {
        _line++;
        if (IsBlank(line))
        {
            return false;
        }
        _any = true;
        item.Reset(_index++, _line, clearValues: true);
        var r = new Utf8JsonReader(line, ReaderOptions);
        try
        {
            r.Read();
            if (r.TokenType != JsonTokenType.StartObject)
            {
                item.AddError("$", "Each line must be one item object: {\"country\": \"RUS\", \"year\": 2024, \"inputs\": {...}}.");
                return true;
            }
            ParseItem(ref r, item);
            if (r.Read())
            {
                item.AddError("$", "Each line must hold one JSON object and nothing else.");
            }
        }
        catch (JsonException e)
        {
            item.AddError("$", $"Malformed JSON at byte {e.BytePositionInLine + 1} of line {_line}.");
        }
        return true;
    }

    private static bool IsBlank(ReadOnlySequence<byte> line)
    {
        foreach (var segment in line)
        {
            foreach (byte b in segment.Span)
            {
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
                {
                    return false;
                }
            }
        }
        return true;
    }
}
