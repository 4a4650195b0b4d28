using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace ReadinessApi.Batch;

/// <summary>The wire formats a batch is read from (<c>Content-Type</c>) and written in (<c>Accept</c>).</summary>
public enum BatchFormat
{
    Json,
    Ndjson,
    Csv,
}

public static class BatchFormats
{
    public const string Json = "application/json";
    public const string Ndjson = "application/x-ndjson";
    public const string Csv = "text/csv";

    public static IReadOnlyList<string> MediaTypes { get; } = [Json, Ndjson, Csv];

    public static string MediaType(BatchFormat format) => format switch
    {
        BatchFormat.Ndjson => Ndjson,
        BatchFormat.Csv => Csv,
        _ => Json,
    };

    /// <summary>The response's <c>Content-Type</c>.</summary>
    public static string ContentType(BatchFormat format) => format switch
    {
        BatchFormat.Ndjson => "application/x-ndjson; charset=utf-8",
        BatchFormat.Csv => "text/csv; charset=utf-8; header=present",
        _ => "application/json; charset=utf-8",
    };

    /// <summary>The request's format from its <c>Content-Type</c>: one of the three media types, in UTF-8 (the default).</summary>
    public static bool TryFromContentType(string? contentType, out BatchFormat format)
    {
        format = BatchFormat.Json;
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
    /// order); <c>*/*</c>, no header, or a wildcard that covers the request's format give the request's format.
    /// </summary>
    public static bool TryNegotiate(StringValues accept, BatchFormat requestFormat, out BatchFormat format)
    {
        format = requestFormat;
        if (StringValues.IsNullOrEmpty(accept))
        {
            return true;
        }
        if (!MediaTypeHeaderValue.TryParseList(accept, out var list) || list.Count == 0)
        {
            return true;
        }
        foreach (var media in list.Where(m => (m.Quality ?? 1) > 0).OrderByDescending(m => m.Quality ?? 1))
        {
            var type = media.MediaType;
            if (type.Equals("*/*", StringComparison.OrdinalIgnoreCase))
            {
                format = requestFormat;
                return true;
            }
            if (type.Equals("application/*", StringComparison.OrdinalIgnoreCase))
            {
                format = requestFormat == BatchFormat.Csv ? BatchFormat.Json : requestFormat;
                return true;
            }
            if (type.Equals("text/*", StringComparison.OrdinalIgnoreCase))
            {
                format = BatchFormat.Csv;
                return true;
            }
            if (TryFromMediaType(type, out format))
            {
                return true;
            }
        }
        return false;
    }

    private static bool TryFromMediaType(StringSegment type, out BatchFormat format)
    {
        if (type.Equals(Json, StringComparison.OrdinalIgnoreCase))
        {
            format = BatchFormat.Json;
            return true;
        }
        if (type.Equals(Ndjson, StringComparison.OrdinalIgnoreCase))
        {
            format = BatchFormat.Ndjson;
            return true;
        }
        if (type.Equals(Csv, StringComparison.OrdinalIgnoreCase))
        {
            format = BatchFormat.Csv;
            return true;
        }
        format = BatchFormat.Json;
        return false;
    }
}
