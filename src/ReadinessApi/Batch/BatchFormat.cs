using System.Buffers;
using System.Text.Encodings.Web;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace ReadinessApi.Batch;

/// <summary>
/// One wire format of a batch, read from (<c>Content-Type</c>) and written in (<c>Accept</c>): its media
/// type, its reader, its writer and what an empty body should have held. A new format is one more of
/// these in <see cref="All"/>, with its reader and writer; negotiation, the 415 and 406 answers, the
/// telemetry tag and the OpenAPI document follow from the list.
/// </summary>
internal sealed class BatchFormat
{
    private BatchFormat() { }

    /// <summary>Short name: telemetry tag, log line.</summary>
    public required string Name { get; init; }
    public required string MediaType { get; init; }
    /// <summary>The response's <c>Content-Type</c>.</summary>
    public required string ContentType { get; init; }
    /// <summary>What the 400 for an empty body tells the client to send.</summary>
    public required string EmptyBodyHint { get; init; }
    internal required Func<BatchPlan, Stream, CancellationToken, ValueTask<BatchReader>> OpenReader { get; init; }
    /// <summary>The encoder is the service's JSON options' encoder, so batch and single answers escape strings alike.</summary>
    internal required Func<IBufferWriter<byte>, BatchPlan, JavaScriptEncoder?, BatchWriter> CreateWriter { get; init; }

    public static BatchFormat Json { get; } = new()
    {
        Name = "json",
        MediaType = "application/json",
        ContentType = "application/json; charset=utf-8",
        EmptyBodyHint = "The request body is empty: send {\"items\": [...]}.",
        OpenReader = (plan, body, _) => ValueTask.FromResult<BatchReader>(new JsonBatchReader(plan, body)),
        CreateWriter = (output, plan, encoder) => new JsonBatchWriter(output, plan, lines: false, encoder),
    };

    public static BatchFormat Ndjson { get; } = new()
    {
        Name = "ndjson",
        MediaType = "application/x-ndjson",
        ContentType = "application/x-ndjson; charset=utf-8",
        EmptyBodyHint = "The request body is empty: send one item object per line.",
        OpenReader = (plan, body, _) => ValueTask.FromResult<BatchReader>(new NdjsonBatchReader(plan, body)),
        CreateWriter = (output, plan, encoder) => new JsonBatchWriter(output, plan, lines: true, encoder),
    };

    public static BatchFormat Csv { get; } = new()
    {
        Name = "csv",
        MediaType = "text/csv",
        ContentType = "text/csv; charset=utf-8; header=present",
        EmptyBodyHint = "The request body is empty: send a header line country[,year],<node ids...> and one line per item.",
        OpenReader = CsvBatchReader.CreateAsync,
        CreateWriter = (output, plan, _) => new CsvBatchWriter(output, plan),
    };

    /// <summary>Every format, the default (JSON) first.</summary>
    public static IReadOnlyList<BatchFormat> All { get; } = [Json, Ndjson, Csv];

    public static IReadOnlyList<string> MediaTypes { get; } = [.. All.Select(f => f.MediaType)];

    public override string ToString() => Name;

    /// <summary>The request's format from its <c>Content-Type</c>: one of the media types, in UTF-8 (the default).</summary>
    public static bool TryFromContentType(string? contentType, out BatchFormat format)
    {
        format = Json;
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return false;
        }
        if (media.Charset.HasValue && !media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            && !media.Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        return TryFromMediaType(media.MediaType, out format);
    }

    /// <summary>
    /// The response's format from <c>Accept</c>: the acceptable type of highest quality (ties keep the header's
    /// order); <c>*/*</c>, no header, or a wildcard that covers the request's format give the request's format;
    /// another wildcard (<c>text/*</c>) gives the first format of that type.
    /// </summary>
    public static bool TryNegotiate(StringValues accept, BatchFormat requestFormat, out BatchFormat format)
    {
        format = requestFormat;
        if (StringValues.IsNullOrEmpty(accept) || !MediaTypeHeaderValue.TryParseList(accept, out var list) || list.Count == 0)
        {
            return true;
        }
        foreach (var media in list.Where(m => (m.Quality ?? 1) > 0).OrderByDescending(m => m.Quality ?? 1))
        {
            if (media.MatchesAllTypes || (media.MatchesAllSubTypes && requestFormat.IsA(media)))
            {
                format = requestFormat;
                return true;
            }
            if (All.FirstOrDefault(f => f.IsA(media)) is { } match)
            {
                format = match;
                return true;
            }
        }
        return false;
    }

    /// <summary>True when <paramref name="range"/> (a media type, or a <c>type/*</c> range) covers this format.</summary>
    private bool IsA(MediaTypeHeaderValue range) => new MediaTypeHeaderValue(MediaType).IsSubsetOf(range);

    private static bool TryFromMediaType(StringSegment type, out BatchFormat format)
    {
        format = All.FirstOrDefault(f => type.Equals(f.MediaType, StringComparison.OrdinalIgnoreCase)) ?? Json;
        return type.Equals(format.MediaType, StringComparison.OrdinalIgnoreCase);
    }
}
