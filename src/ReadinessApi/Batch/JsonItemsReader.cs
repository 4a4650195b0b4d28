using System.Text.Json;
using ReadinessApi.Scoring.Countries;

using ReadinessApi.Infrastructure.Validation;

namespace ReadinessApi.Batch;

/// <summary>
/// Reads one item object <c>{"country": "...", "year": 2024, "inputs": {...}}</c> for the JSON and NDJSON
/// formats, with the strictness of the single-score contract (unknown fields, duplicates, wrong types,
/// numbers in strings are errors), but as errors of that item, not of the request.
/// </summary>
internal abstract class JsonItemsReader(BatchPlan plan) : BatchReader(plan)
{
    protected static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64, CommentHandling = JsonCommentHandling.Disallow };

    private const int MaxNameLength = 128;
    private const string WrongType = "Wrong type: this field needs a different kind of JSON value";

    /// <summary>The field name as the error should show it (JSON: <c>items[3].inputs.talent</c>; NDJSON: <c>inputs.talent</c>).</summary>
    protected abstract string Field(BatchItem item, string name);

    /// <summary>Reads the item whose <c>StartObject</c> <paramref name="r"/> is on (the whole object is in the buffer); leaves it on the <c>EndObject</c>.</summary>
    protected void ParseItem(ref Utf8JsonReader r, BatchItem item)
    {
        bool country = false, year = false, inputs = false;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("country"u8))
            {
                if (!Once(ref country, ref r, item, "country"))
                {
                    continue;
                }
                r.Read();
                ReadCountry(ref r, item);
            }
            else if (r.ValueTextEquals("year"u8))
            {
                if (!Once(ref year, ref r, item, "year"))
                {
                    continue;
                }
                r.Read();
                ReadYear(ref r, item);
            }
            else if (r.ValueTextEquals("inputs"u8))
            {
                if (!Once(ref inputs, ref r, item, "inputs"))
                {
                    continue;
                }
                r.Read();
                ReadInputs(ref r, item);
            }
            else
            {
                item.AddError(Field(item, Name(ref r)), "Unknown field: it is not part of this operation's contract (country, year, inputs).");
                r.Read();
                r.TrySkip();
            }
        }
        if (!country)
        {
            item.AddError(Field(item, "country"), ContractLimits.CountryRequired);
        }
        if (!inputs)
        {
            item.AddError(Field(item, "inputs"), ContractLimits.NoInputs);
        }
    }

    private bool Once(ref bool seen, ref Utf8JsonReader r, BatchItem item, string name)
    {
        if (!seen)
        {
            seen = true;
            return true;
        }
        item.AddError(Field(item, name), "Duplicate field: each field may appear once.");
        r.Read();
        r.TrySkip();
        return false;
    }

    private void ReadCountry(ref Utf8JsonReader r, BatchItem item)
    {
        switch (r.TokenType)
        {
            case JsonTokenType.String:
                int length = r.HasValueSequence ? (int)Math.Min(r.ValueSequence.Length, int.MaxValue) : r.ValueSpan.Length;
                // Unescaped UTF-8 never has more chars than bytes.
                Span<char> text = stackalloc char[MaxNameLength];
                if (length <= MaxNameLength && TryCopyString(ref r, text, out int written))
                {
                    text = text[..written];
                    if (CountryIndex.TryGetId(text, out ushort id))
                    {
                        item.CountryId = id;
                        return;
                    }
                    Reject(item, text);
                    return;
                }
                Reject(item, Text(ref r));
                return;
            case JsonTokenType.Null:
                item.AddError(Field(item, "country"), ContractLimits.CountryRequired);
                return;
            default:
                item.AddError(Field(item, "country"), $"{WrongType} (a string such as \"RUS\").");
                r.TrySkip();
                return;
        }

        void Reject(BatchItem item, ReadOnlySpan<char> text)
        {
            if (text.IsEmpty)
            {
                item.AddError(Field(item, "country"), ContractLimits.CountryRequired);
                return;
            }
            item.KeepCountryText(text);
            item.AddError(Field(item, "country"), NotACountry(text));
        }
    }

    private void ReadYear(ref Utf8JsonReader r, BatchItem item)
    {
        switch (r.TokenType)
        {
            case JsonTokenType.Number:
                if (r.TryGetInt32(out int year) && ContractLimits.IsYear(year))
                {
                    item.Year = (short)year;
                }
                else
                {
                    item.AddError(Field(item, "year"), ContractLimits.YearRange);
                }
                return;
            case JsonTokenType.Null:
                return;
            default:
                item.AddError(Field(item, "year"), $"{WrongType} (a number such as 2024).");
                r.TrySkip();
                return;
        }
    }

    private void ReadInputs(ref Utf8JsonReader r, BatchItem item)
    {
        if (r.TokenType != JsonTokenType.StartObject)
        {
            item.AddError(Field(item, "inputs"), "inputs must be an object of node id → number.");
            r.TrySkip();
            return;
        }
        bool anyError = false;
        Span<bool> seen = stackalloc bool[Plan.NodeCount];
        Span<char> name = stackalloc char[MaxNameLength];
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            int length = r.HasValueSequence ? (int)Math.Min(r.ValueSequence.Length, int.MaxValue) : r.ValueSpan.Length;
            var id = length <= MaxNameLength && TryCopyString(ref r, name, out int written) ? name[..written] : Text(ref r).AsSpan();
            r.Read();
            if (!Plan.TryGetNode(id, out int node))
            {
                anyError = true;
                item.AddError(Field(item, $"inputs.{Echo(id)}"), $"'{Echo(id)}' is not an input node of methodology '{Plan.Methodology.Id}'.");
                r.TrySkip();
                continue;
            }
            if (seen[node])
            {
                anyError = true;
                item.Values[node] = double.NaN;
                item.AddError(Field(item, $"inputs.{id}"), "Duplicate field: each field may appear once.");
                r.TrySkip();
                continue;
            }
            seen[node] = true;
            if (r.TokenType != JsonTokenType.Number)
            {
                anyError = true;
                item.AddError(Field(item, $"inputs.{id}"), $"{WrongType} (numbers are plain JSON numbers; NaN and Infinity are not numbers).");
                r.TrySkip();
                continue;
            }
            if (!r.TryGetDouble(out double x))
            {
                anyError = true;
                item.AddError(Field(item, $"inputs.{id}"), "Must be a finite number (NaN and Infinity are not values).");
                continue;
            }
            if (SetValue(item, node, x) is { } message)
            {
                anyError = true;
                item.AddError(Field(item, $"inputs.{id}"), message);
            }
        }
        if (item.ValueCount == 0 && !anyError)
        {
            item.AddError(Field(item, "inputs"), ContractLimits.NoInputs);
        }
        if (Ambiguities(item) is { } ambiguous)
        {
            foreach (var error in ambiguous)
            {
                item.AddError(Field(item, $"inputs.{error.NodeId}"), error.Message);
            }
        }
    }

    private static string Name(ref Utf8JsonReader r) => Echo(Text(ref r));

    /// <summary>
    /// The string token as text. A <c>\ud800</c> escape (half a surrogate pair) or invalid UTF-8 passes the
    /// reader but is no text, and the framework throws on reading it: such a string is taken as written,
    /// escapes and all, so it names no country and no node and becomes an error of its item, never a 500.
    /// </summary>
    protected static string Text(ref Utf8JsonReader r)
    {
        try
        {
            return r.GetString() ?? "";
        }
        catch (InvalidOperationException)
        {
            return System.Text.Encoding.UTF8.GetString(r.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(r.ValueSequence) : r.ValueSpan);
        }
    }

    /// <summary><see cref="Utf8JsonReader.CopyString(Span{char})"/> without allocating; false where the string is no text (see <see cref="Text"/>).</summary>
    private static bool TryCopyString(ref Utf8JsonReader r, scoped Span<char> destination, out int written)
    {
        try
        {
            written = r.CopyString(destination);
            return true;
        }
        catch (InvalidOperationException)
        {
            written = 0;
            return false;
        }
    }
}
