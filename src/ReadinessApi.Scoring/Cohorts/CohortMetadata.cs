using System.Text;
using System.Text.Json;

namespace ReadinessApi.Scoring.Cohorts;

/// <summary>
/// What the optional <c>&lt;id&gt;.json</c> beside a cohort says about it: a title, where the data came
/// from and under which licence (shown wherever the cohort is, e.g. under a ranking chart), and the
/// methodology its columns belong to (then every column must be a node of it, every value on its scale).
/// </summary>
public sealed record CohortMetadata(string? Title = null, string? Source = null, string? License = null, string? Methodology = null)
{
    public static CohortMetadata Empty { get; } = new();

    private static readonly string[] Fields = ["title", "source", "license", "methodology"];

    /// <summary>
    /// Reads the four fields (and <c>licence</c>, the British spelling of <c>license</c>), each a string or
    /// null and given once; other fields are skipped (the importer writes sources, coverage, provenance and
    /// notes beside them for people and audits). Errors name the file, line and column.
    /// </summary>
    public static CohortMetadata Parse(string file, ReadOnlySpan<byte> utf8Json, MethodologyCatalog catalog)
    {
        if (utf8Json.StartsWith("\uFEFF"u8))
        {
            utf8Json = utf8Json[3..];
        }
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        var text = utf8Json;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw Error(file, text, reader.TokenStartIndex, "the cohort metadata must be a JSON object");
            }
            (int Line, int Column) methodologyAt = default;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                long at = reader.TokenStartIndex;
                var name = reader.GetString()!;
                var field = name == "licence" ? "license" : name;
                if (Array.IndexOf(Fields, field) < 0)
                {
                    reader.Read();
                    reader.Skip();
                    continue;
                }
                if (values.ContainsKey(field))
                {
                    throw Error(file, text, at, $"field '{field}' appears more than once");
                }
                reader.Read();
                if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null))
                {
                    throw Error(file, text, reader.TokenStartIndex, $"'{name}' must be a string");
                }
                if (field == "methodology")
                {
                    methodologyAt = Position(text, reader.TokenStartIndex);
                }
                values[field] = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
            }
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                throw Error(file, text, reader.TokenStartIndex, "expected the end of the metadata object");
            }
            var methodology = values.GetValueOrDefault("methodology");
            if (methodology is not null && !catalog.TryGet(methodology, out _))
            {
                throw new CohortFormatException(file, methodologyAt.Line, methodologyAt.Column,
                    $"unknown methodology '{methodology}' (known: {string.Join(", ", catalog.All.Select(m => m.Id))})");
            }
            return new CohortMetadata(values.GetValueOrDefault("title"), values.GetValueOrDefault("source"),
                values.GetValueOrDefault("license"), methodology);
        }
        catch (JsonException e)
        {
            throw new CohortFormatException(file, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1,
                "malformed JSON: " + e.Message.Split(" LineNumber:")[0]);
        }
    }

    private static CohortFormatException Error(string file, ReadOnlySpan<byte> text, long offset, string reason)
    {
        var (line, column) = Position(text, offset);
        return new CohortFormatException(file, line, column, reason);
    }

    /// <summary>1-based line and column (in characters) of a byte offset.</summary>
    private static (int Line, int Column) Position(ReadOnlySpan<byte> text, long offset)
    {
        var before = text[..(int)Math.Min(offset, text.Length)];
        int line = before.Count((byte)'\n') + 1;
        int lineStart = before.LastIndexOf((byte)'\n') + 1;
        return (line, Encoding.UTF8.GetCharCount(before[lineStart..]) + 1);
    }
}
