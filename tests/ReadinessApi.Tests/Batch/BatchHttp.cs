using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using nietras.SeparatedValues;

namespace ReadinessApi.Tests.Batch;

/// <summary>Posting batches and reading any of the three answer formats back into one shape to compare.</summary>
internal static class BatchHttp
{
    public const string Csv = "text/csv";
    public const string Ndjson = "application/x-ndjson";
    public const string Json = "application/json";

    public static Task<HttpResponseMessage> PostBatchAsync(this HttpClient client, string body, string? contentType,
        string? accept = null, string query = "", CancellationToken cancellationToken = default,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead) =>
        client.PostBatchAsync(new StringContent(body, Encoding.UTF8), contentType, accept, query, cancellationToken, completion);

    public static async Task<HttpResponseMessage> PostBatchAsync(this HttpClient client, HttpContent content, string? contentType,
        string? accept = null, string query = "", CancellationToken cancellationToken = default,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/scores/batch" + query) { Content = content };
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }
        return await client.SendAsync(request, completion, cancellationToken);
    }

    /// <summary>The results of a 200 answer in whatever format it came, as comparable rows.</summary>
    public static async Task<List<BatchRow>> ResultsAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return response.Content.Headers.ContentType!.MediaType switch
        {
            Csv => FromCsv(text),
            Ndjson => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => FromJson(JsonDocument.Parse(line).RootElement))],
            _ => [.. JsonDocument.Parse(text).RootElement.GetProperty("results").EnumerateArray().Select(FromJson)],
        };
    }

    public static BatchRow FromJson(JsonElement r) => new(
        r.TryGetProperty("country", out var c) ? c.GetString() : null,
        r.TryGetProperty("year", out var y) ? y.GetInt32() : null,
        r.TryGetProperty("score", out var s) ? s.GetDouble() : null,
        r.TryGetProperty("tier", out var t) ? t.GetString() : null,
        r.TryGetProperty("rank", out var k) ? k.GetInt32() : null,
        r.TryGetProperty("coverage", out var v) ? v.GetDouble() : null,
        r.TryGetProperty("pillars", out var p) ? p.EnumerateObject().ToDictionary(x => x.Name, x => x.Value.GetDouble()) : [],
        r.TryGetProperty("error", out var e)
            ? string.Join(" ", e.GetProperty("errors").EnumerateObject().SelectMany(f => f.Value.EnumerateArray().Select(m => $"{f.Name}: {m.GetString()}")))
            : null);

    public static List<BatchRow> FromCsv(string text)
    {
        using var reader = Sep.New(',').Reader(o => o with { Unescape = true }).FromText(text);
        var header = reader.Header.ColNames.ToList();
        Assert.Equal(["country", "year", "score", "tier", "rank", "coverage"], header.Take(6));
        Assert.Equal("error", header[^1]);
        var pillars = header.Skip(6).SkipLast(1).ToList();
        var rows = new List<BatchRow>();
        foreach (var row in reader)
        {
            var cells = new string[header.Count];
            for (int c = 0; c < cells.Length; c++)
            {
                cells[c] = row[c].ToString();
            }
            string Cell(string name) => cells[header.IndexOf(name)];
            rows.Add(new BatchRow(
                Cell("country") is { Length: > 0 } country ? country : null,
                Cell("year") is { Length: > 0 } year ? int.Parse(year, CultureInfo.InvariantCulture) : null,
                Number(Cell("score")),
                Cell("tier") is { Length: > 0 } tier ? tier : null,
                Cell("rank") is { Length: > 0 } rank ? int.Parse(rank, CultureInfo.InvariantCulture) : null,
                Number(Cell("coverage")),
                pillars.Where(p => Cell(p).Length > 0).ToDictionary(p => p, p => Number(Cell(p))!.Value),
                Cell("error") is { Length: > 0 } error ? error : null));
        }
        return rows;

        static double? Number(string cell) => cell.Length == 0 ? null : double.Parse(cell, CultureInfo.InvariantCulture);
    }
}

/// <summary>One result, format-neutral. <see cref="Error"/> is "field: message" pairs joined by spaces, as the CSV error cell has them.</summary>
internal sealed record BatchRow(string? Country, int? Year, double? Score, string? Tier, int? Rank, double? Coverage,
    IReadOnlyDictionary<string, double> Pillars, string? Error);

/// <summary>One batch written in all three formats.</summary>
internal sealed class BatchBody(IReadOnlyList<string> columns, IReadOnlyList<(string Country, int? Year, Dictionary<string, double> Inputs)> items)
{
    public IReadOnlyList<(string Country, int? Year, Dictionary<string, double> Inputs)> Items => items;

    public string Csv()
    {
        var text = new StringBuilder("country,year,").AppendJoin(',', columns).Append('\n');
        foreach (var (country, year, inputs) in items)
        {
            text.Append(country).Append(',').Append(year?.ToString(CultureInfo.InvariantCulture)).Append(',')
                .AppendJoin(',', columns.Select(c => inputs.TryGetValue(c, out var x) ? x.ToString("R", CultureInfo.InvariantCulture) : ""))
                .Append('\n');
        }
        return text.ToString();
    }

    public string Ndjson() => string.Concat(items.Select(i => Item(i) + "\n"));

    public string Json() => $$"""{"items":[{{string.Join(",", items.Select(Item))}}]}""";

    public string In(string contentType) => contentType switch
    {
        BatchHttp.Csv => Csv(),
        BatchHttp.Ndjson => Ndjson(),
        _ => Json(),
    };

    private static string Item((string Country, int? Year, Dictionary<string, double> Inputs) item) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["country"] = item.Country,
            ["year"] = item.Year,
            ["inputs"] = item.Inputs,
        }.Where(kv => kv.Value is not null).ToDictionary());
}
