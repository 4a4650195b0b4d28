using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;

namespace ReadinessApi.Batch;

/// <summary>
/// <c>{"items": [...]}</c> read item by item from a <see cref="PipeReader"/> over the body: only the item
/// being read is ever buffered, so the document can be of any length. A malformed document fails the
/// request (400); a malformed item (wrong type, unknown field) fails only that item.
/// </summary>
internal sealed class JsonBatchReader : JsonItemsReader
{
    private enum Phase { Start, Properties, Items, End, Done }
    private enum Step { Item, Continue, NeedMore, Failed }

    private readonly PipeReader _pipe;
    private ReadOnlySequence<byte> _buffer;
    private SequencePosition _position;
    private JsonReaderState _state = new(ReaderOptions);
    private bool _hasBuffer;
    private bool _completed;
    private bool _sawItems;
    private Phase _phase = Phase.Start;
    private int _index;

    public JsonBatchReader(BatchPlan plan, Stream body) : base(plan) =>
        _pipe = PipeReader.Create(body, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: true));

    protected override string Field(BatchItem item, string name) => $"items[{item.Index}].{name}";

    public override async ValueTask<bool> ReadAsync(BatchItem item, CancellationToken cancellationToken)
    {
        while (Failure is null && _phase != Phase.Done)
        {
            if (_hasBuffer)
            {
                switch (Next(item))
                {
                    case Step.Item:
                        return true;
                    case Step.Continue:
                        continue;
                    case Step.Failed:
                        return false;
                }
                if (_completed)
                {
                    // More is needed but the body has ended (the reader normally throws first).
                    Failure = BatchFailure.Invalid(_phase == Phase.Items ? $"items[{_index}]" : "$", "Malformed JSON: the body ends before the document does.",
                        "The request body is not valid JSON for this operation.");
                    return false;
                }
                // The buffer holds no complete token or item from here: keep it and wait for more.
                _pipe.AdvanceTo(_position, _buffer.End);
                _hasBuffer = false;
            }
            var result = await _pipe.ReadAsync(cancellationToken);
            _buffer = result.Buffer;
            _position = _buffer.Start;
            _completed = result.IsCompleted;
            _hasBuffer = true;
        }
        return false;
    }

    public override async ValueTask DisposeAsync()
    {
        if (_hasBuffer)
        {
            _pipe.AdvanceTo(_position);
            _hasBuffer = false;
        }
        await _pipe.CompleteAsync();
    }

    private Step Next(BatchItem item)
    {
        var r = new Utf8JsonReader(_buffer.Slice(_position), _completed, _state);
        try
        {
            switch (_phase)
            {
                case Phase.Start:
                    if (!r.Read())
                    {
                        return _completed ? Fail(BatchFailure.EmptyBody(BatchFormat.Json)) : Step.NeedMore;
                    }
                    if (r.TokenType != JsonTokenType.StartObject)
                    {
                        return Fail(BatchFailure.Invalid("$", "The body must be a JSON object: {\"items\": [{\"country\": \"RUS\", \"inputs\": {...}}, ...]}."));
                    }
                    return Commit(ref r, Phase.Properties);

                case Phase.Properties:
                    if (!r.Read())
                    {
                        return Step.NeedMore;
                    }
                    if (r.TokenType == JsonTokenType.EndObject)
                    {
                        return Commit(ref r, Phase.End);
                    }
                    if (!r.ValueTextEquals("items"u8))
                    {
                        return Fail(BatchFailure.Invalid(Echo(Text(ref r)), "Unknown field: it is not part of this operation's contract (the body is {\"items\": [...]}; methodology, rank and cohort are query parameters)."));
                    }
                    if (_sawItems)
                    {
                        return Fail(BatchFailure.Invalid("items", "Duplicate field: each field may appear once."));
                    }
                    if (!r.Read())
                    {
                        return Step.NeedMore;
                    }
                    if (r.TokenType != JsonTokenType.StartArray)
                    {
                        return Fail(BatchFailure.Invalid("items", "items must be an array of item objects."));
                    }
                    _sawItems = true;
                    return Commit(ref r, Phase.Items);

                case Phase.Items:
                    if (!r.Read())
                    {
                        return Step.NeedMore;
                    }
                    if (r.TokenType == JsonTokenType.EndArray)
                    {
                        return Commit(ref r, Phase.Properties);
                    }
                    var probe = r;
                    if (!probe.TrySkip())
                    {
                        return Step.NeedMore;
                    }
                    item.Reset(_index++, 0, clearValues: true);
                    if (r.TokenType == JsonTokenType.StartObject)
                    {
                        ParseItem(ref r, item);
                    }
                    else
                    {
                        item.AddError($"items[{item.Index}]", "Each item must be an object: {\"country\": \"RUS\", \"year\": 2024, \"inputs\": {...}}.");
                        r.TrySkip();
                    }
                    Commit(ref r, Phase.Items);
                    return Step.Item;

                default: // End: only white space may follow the document.
                    if (r.Read() || !_completed)
                    {
                        return Step.NeedMore;
                    }
                    if (!_sawItems)
                    {
                        return Fail(BatchFailure.Invalid("items", "items is required: {\"items\": [...]}."));
                    }
                    _phase = Phase.Done;
                    return Step.Continue;
            }
        }
        catch (JsonException e)
        {
            var where = _phase == Phase.Items ? $"items[{_index}]" : "$";
            return Fail(BatchFailure.Invalid(where, $"Malformed JSON{(_phase == Phase.Items ? $" in or after item {_index}" : "")}: {Describe(e)}",
                "The request body is not valid JSON for this operation."));
        }
    }

    private Step Commit(ref Utf8JsonReader r, Phase next)
    {
        _state = r.CurrentState;
        _position = r.Position;
        _phase = next;
        return Step.Continue;
    }

    private Step Fail(BatchFailure failure)
    {
        Failure = failure;
        return Step.Failed;
    }

    private static string Describe(JsonException e)
    {
        // The framework's message names a position relative to the buffer it was handed; keep only what went wrong.
        var message = e.Message;
        int cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut].TrimEnd('.', ' ') + "." : message;
    }
}
