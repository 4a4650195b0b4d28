using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using nietras.SeparatedValues;
using ReadinessApi.Tests.Infrastructure;
using Xunit.Abstractions;
using static ReadinessApi.Tests.Security.HostileGen;

namespace ReadinessApi.Tests.Security;

/// <summary>
/// Thousands of generated malformed and adversarial requests to every operation that takes input: never a
/// 5xx, every 4xx a problem document with a trace id, and every batch answered 200 accounts for every row it
/// was sent (a result or an error in place, never a dropped row). Each test prints its counts (the README
/// cites them); each run draws new cases, and a failure prints the request that broke the rule.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HostileInputTests(ApiHost host, ITestOutputHelper output)
{
    public const int CasesPerJsonEndpoint = 1500;
    public const int CasesPerBatchFormat = 1200;
    public const int QueryStringCases = 1500;

    private const string Inputs = """{"innovation":18.5,"implementation":33.0,"investment":9.0,"computeAccess":6.0}""";

    /// <summary>Each JSON operation with a valid body to start from. New operations join this list.</summary>
    public static TheoryData<string, string> JsonEndpoints => new()
    {
        { "/v1/scores", $$$"""{"country":"RUS","year":2024,"methodology":"readiness-v1","inputs":{{{Inputs}}},"cohort":"test-pillars"}""" },
        { "/v1/scores/compare", $$$"""{"methodology":"readiness-v1","cohort":"test-pillars","baseline":{"country":"RUS","inputs":{{{Inputs}}}},"scenarios":[{"name":"compute doubles","inputs":{"computeAccess":12.0}},{"name":"weights","weights":{"computeAccess":0.4}}]}""" },
        { "/v1/sensitivity", $$$"""{"methodology":"readiness-v1","draws":40,"weightNoise":0.25,"aggregations":["arithmetic","geometric"],"seed":42,"items":[{"country":"RUS","inputs":{{{Inputs}}}},{"country":"DEU","inputs":{"innovation":40,"implementation":60,"investment":30,"computeAccess":70}}]}""" },
    };

    [Theory]
    [MemberData(nameof(JsonEndpoints))]
    public async Task JsonEndpoint_GeneratedHostileBodies_NeverAServerError(string path, string valid)
    {
        var client = host.CreateClient();
        var cases = Gen.Zip(Mutations(valid), Gen.Elements(JsonContentTypes)).Sample(CasesPerJsonEndpoint, 30);
        var tally = new Tally(path);
        foreach (var (body, contentType) in cases)
        {
            var response = await client.PostAsync(path, Content(body, contentType));
            var text = await response.Content.ReadAsStringAsync();
            tally.Check(response, text, $"{contentType} {Shorten(body)}");
        }
        tally.Assert(output, CasesPerJsonEndpoint, minimumRejected: CasesPerJsonEndpoint / 2);
    }

    public static TheoryData<string> BatchFormats => new() { "json", "ndjson", "csv" };

    /// <summary>
    /// Half the cases keep the rows apart (hostile cells, items and lines, odd content types, BOM, CRLF), so
    /// the number of rows sent is known; half break the whole body, and an independent reading of it says
    /// how many rows a 200 must answer.
    /// </summary>
    [Theory]
    [MemberData(nameof(BatchFormats))]
    public async Task ScoreBatch_GeneratedHostileBodies_NeverAServerErrorNorADroppedRow(string format)
    {
        var client = host.CreateClient();
        var rows = format switch { "json" => JsonBatch(), "ndjson" => NdjsonBatch(), _ => CsvBatch() };
        var whole = format switch
        {
            "json" => Mutations(JsonBody(ValidItems)).Select(b => new BatchCase(b, null)),
            "ndjson" => Mutations(NdjsonBody(ValidItems)).Select(b => new BatchCase(b, null)),
            _ => CsvMutations(CsvBody(ValidCsvRows, "\n")).Select(b => new BatchCase(b, null)),
        };
        var contentTypes = format switch
        {
            "json" => Gen.Frequency((8, Gen.Constant("application/json")), (1, Gen.Elements(JsonContentTypes))),
            "ndjson" => Gen.Frequency((8, Gen.Constant("application/x-ndjson")), (1, Gen.Elements("application/x-ndjson; charset=utf-8", "application/jsonl", "text/plain", "application/json"))),
            _ => Gen.Frequency((8, Gen.Constant("text/csv")), (1, Gen.Elements("text/csv; charset=utf-8", "text/csv; header=present", "text/plain", "application/vnd.ms-excel", "text/csv; charset=utf-16", ""))),
        };
        var accepts = Gen.Elements<string?>(null, null, "application/json", "application/x-ndjson", "text/csv", "*/*", "text/html", "application/*;q=0.1, text/csv");
        var queries = Gen.Elements("", "", "?rank=batch", "?rank=none", "?cohort=test-pillars", "?methodology=readiness-v1-balanced", "?methodology=gaii-2021", "?rank=BATCH");
        var cases = Gen.Zip(Gen.Zip(Gen.OneOf(rows, whole), contentTypes), Gen.Zip(accepts, queries)).Sample(CasesPerBatchFormat, 20);

        var tally = new Tally($"/v1/scores/batch ({format})");
        int rowsChecked = 0, cutOff = 0;
        foreach (var ((batch, contentType), (accept, query)) in cases)
        {
            var (body, sent) = batch;
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/scores/batch" + query) { Content = Content(body, contentType) };
            if (accept is not null)
            {
                request.Headers.TryAddWithoutValidation("Accept", accept);
            }
            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var what = $"{contentType} {query} accept {accept}: {Shorten(body)}";
            var (text, cut) = await ReadAllAsync(response);
            if (cut)
            {
                // A request-level failure (JSON nested past the reader's depth after results began to stream) ends the
                // stream early by design; the closing error record it writes can be lost to the abort (see the report).
                if (response.StatusCode != System.Net.HttpStatusCode.OK || !body.Contains("[[[[[[[[", StringComparison.Ordinal))
                {
                    tally.Fail($"{(int)response.StatusCode} cut off after {text.Length} chars: {what}");
                }
                cutOff++;
                continue;
            }
            if (!tally.Check(response, text, what) || !response.IsSuccessStatusCode)
            {
                continue;
            }
            int expected = sent ?? RowsIn(format, contentType, body);
            var (answered, unaccounted) = Answered(response, text);
            rowsChecked += answered;
            if (expected >= 0 && answered != expected)
            {
                tally.Fail($"{answered} results for {expected} rows: {what}");
            }
            if (unaccounted > 0)
            {
                tally.Fail($"{unaccounted} results with neither a score nor an error: {what}");
            }
        }
        output.WriteLine($"  ({rowsChecked} rows of 200 answers checked one by one; {cutOff} streams cut off by a request-level error after results began)");
        tally.Assert(output, CasesPerBatchFormat, minimumRejected: 0);
    }

    [Fact]
    public async Task QueryStringsAndPathIds_Hostile_NeverAServerError()
    {
        var client = host.CreateClient();
        // No NUL: the in-memory test client refuses to send it at all (Kestrel answers it with a 400 of its own).
        var ids = Gen.Elements(OddStrings.Where(s => !s.Contains('\u0000') && s != "%00")
            .Concat(["readiness-v1", "gaii-2021", "test-pillars", "imf-aipi-2023", "brics", "g7", "%2e%2e", "a%2Fb", "..", new string('x', 3000), "svg", "json", "SVG"]).ToArray());
        var templates = Gen.Elements(
            "/v1/methodologies/{0}", "/v1/methodologies?x={0}", "/v1/cohorts/{0}", "/v1/cohorts?format={0}",
            "/v1/cohorts/{0}/ranking", "/v1/cohorts/test-pillars/ranking?methodology={0}", "/v1/cohorts/test-pillars/ranking?group={0}",
            "/v1/cohorts/test-pillars/ranking?format={0}", "/v1/cohorts/{0}/ranking?methodology={1}&group={2}&format={3}",
            "/v1/cohorts/test-pillars/ranking?methodology={0}&methodology={1}", "/v1/groups/{0}", "/v1/groups?id={0}",
            "/v1/cohorts/imf-aipi-2023/ranking?group={0}&format={1}");
        var accepts = Gen.Elements<string?>(null, "image/svg+xml", "text/csv", "application/json", "*/*");
        var cases = Gen.Zip(Gen.Zip(templates, Gen.ArrayOf(ids, 4)), accepts).Sample(QueryStringCases, 30);
        var tally = new Tally("GET query strings and ids");
        foreach (var ((template, values), accept) in cases)
        {
            var url = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, [.. values.Select(v => (object)Uri.EscapeDataString(v))]);
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (accept is not null)
            {
                request.Headers.TryAddWithoutValidation("Accept", accept);
            }
            var response = await client.SendAsync(request);
            tally.Check(response, await response.Content.ReadAsStringAsync(), url);
        }
        tally.Assert(output, QueryStringCases, minimumRejected: QueryStringCases / 4);
    }

    /// <summary>The body, and whether the server cut the connection before its end.</summary>
    private static async Task<(string Text, bool Cut)> ReadAllAsync(HttpResponseMessage response)
    {
        var bytes = new MemoryStream();
        try
        {
            await (await response.Content.ReadAsStreamAsync()).CopyToAsync(bytes);
            return (Encoding.UTF8.GetString(bytes.ToArray()), false);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
        {
            return (Encoding.UTF8.GetString(bytes.ToArray()), true);
        }
    }

    private static HttpContent Content(string body, string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType.Length > 0)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        return content;
    }

    // ---- batch bodies ------------------------------------------------------------------------------

    /// <summary>A body and, when the generator kept rows apart, how many rows it holds.</summary>
    private sealed record BatchCase(string Body, int? Rows);

    private static readonly string[] Countries = ["RUS", "DEU", "FRA", "USA", "IND", "BRA", "CHN", "GBR"];

    private static readonly string[] ValidItems =
        [.. Countries.Select((c, i) => $$$"""{"country":"{{{c}}}","year":2024,"inputs":{"innovation":{{{10 + i}}}.5,"implementation":33,"investment":9,"computeAccess":6}}""")];

    private static readonly string[][] ValidCsvRows = [.. Countries.Select((c, i) => new[] { c, "2024", $"{10 + i}.5", "33", "9", "6" })];

    private const string CsvHeader = "country,year,innovation,implementation,investment,computeAccess";

    private static string JsonBody(IEnumerable<string> items) => """{"items":[""" + string.Join(",", items) + "]}";

    private static string NdjsonBody(IEnumerable<string> items) => string.Join("\n", items) + "\n";

    private static string CsvBody(IEnumerable<string[]> rows, string newline) =>
        CsvHeader + newline + string.Concat(rows.Select(r => string.Join(",", r.Select(Quote)) + newline));

    private static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;

    /// <summary>JSON values that stay valid JSON, so the body still parses and each bad item must be answered in place.</summary>
    private static readonly string[] JsonOddValues =
    [
        "1e309", "-1e309", "1e-400", "123456789012345678901234567890", "-0", "1.7976931348623157e308", "-5", "100.0000001", "true", "null",
        "[]", "{}", "\"12\"", "\"NaN\"", "\"Infinity\"", "[1,2]", "{\"a\":1}", "0",
    ];

    private static Gen<string> ItemMutations(string valid)
    {
        var country = Gen.Elements(OddStrings).Select(s => valid.Replace("\"RUS\"", JsonSerializer.Serialize(s), StringComparison.Ordinal));
        var countryType = Gen.Elements("42", "null", "[]", "{}", "true").Select(v => valid.Replace("\"RUS\"", v, StringComparison.Ordinal));
        var value = Gen.Elements(JsonOddValues).Select(v => valid.Replace("33", v, StringComparison.Ordinal));
        var year = Gen.Elements("-1", "99999", "2024.5", "\"2024\"", "null", "1e10").Select(v => valid.Replace("2024", v, StringComparison.Ordinal));
        var key = Gen.Elements(OddStrings).Select(k => valid.Replace("\"investment\"", JsonSerializer.Serialize(k), StringComparison.Ordinal));
        var unknown = Gen.Elements("weights", "extra", "__proto__", "constructor", "Country").Select(k => valid.Insert(1, $"\"{k}\":1,"));
        var duplicate = Gen.Elements("country", "inputs", "year").Select(k => valid.Insert(1, $"\"{k}\":\"USA\","));
        var deep = Gen.Choose(1, 200).Select(d => valid.Replace("33", new string('[', d) + "1" + new string(']', d), StringComparison.Ordinal));
        var notObject = Gen.Elements("42", "\"RUS\"", "null", "[]", "true", "[" + valid + "]");
        var missing = Gen.Elements("{\"inputs\":{\"innovation\":1}}", "{\"country\":\"RUS\"}", "{}", "{\"country\":\"RUS\",\"inputs\":{}}");
        var many = Gen.Choose(1, 3).Select(n => valid.Replace("\"inputs\":{", "\"inputs\":{" + string.Join(",", Enumerable.Range(0, n * 1000).Select(i => $"\"k{i}\":1")) + ",", StringComparison.Ordinal));
        return Gen.OneOf(country, countryType, value, year, key, unknown, duplicate, deep, notObject, missing, many);
    }

    private static Gen<string[]> Items(Gen<string> hostileItem) =>
        Gen.Choose(1, 12).SelectMany(n => Gen.ArrayOf(Gen.Frequency((1, Gen.Elements(ValidItems)), (1, hostileItem)), n).Where(a => a.Length > 0));

    private static readonly string ValidItem = ValidItems[0];

    private static Gen<BatchCase> JsonBatch() =>
        Items(ItemMutations(ValidItem)).Select(items => new BatchCase(JsonBody(items), items.Length));

    private static Gen<BatchCase> NdjsonBatch()
    {
        // A line may be broken too: NDJSON lines stand alone, so a broken one is an error in its place.
        var brokenLine = Mutations(ValidItem).Select(l => l.Replace("\n", "", StringComparison.Ordinal).Replace("\u2028", "", StringComparison.Ordinal))
            .Where(l => l.AsSpan().Trim(" \t\r").Length > 0);
        var endings = Gen.Elements("\n", "\r\n");
        return Gen.Zip(Gen.Zip(Items(Gen.OneOf(ItemMutations(ValidItem), brokenLine)), endings), Gen.Zip(Gen.Elements("", "\ufeff"), Gen.Elements(true, false)))
            .Select(t => new BatchCase(t.Item2.Item1 + string.Join(t.Item1.Item2, t.Item1.Item1) + (t.Item2.Item2 ? t.Item1.Item2 : ""), t.Item1.Item1.Length));
    }

    private static Gen<string[]> CsvRowMutations(string[] valid)
    {
        var cell = Gen.Zip(Gen.Choose(0, valid.Length - 1), Gen.Elements(OddCells)).Select(t => valid.Select((c, i) => i == t.Item1 ? t.Item2 : c).ToArray());
        var fewer = Gen.Choose(2, valid.Length - 1).Select(n => valid[..n]);
        var more = Gen.Choose(1, 5).Select(n => valid.Concat(Enumerable.Repeat("1", n)).ToArray());
        var huge = Gen.Elements("1" + new string('0', 400), new string('9', 5000), "1e" + new string('9', 50)).Select(v => valid.Select((c, i) => i == 2 ? v : c).ToArray());
        return Gen.OneOf(cell, cell, fewer, more, huge);
    }

    private static Gen<BatchCase> CsvBatch()
    {
        var row = Gen.Frequency((1, Gen.Elements(ValidCsvRows)), (1, Gen.Elements(ValidCsvRows).SelectMany(CsvRowMutations)));
        var rows = Gen.Choose(1, 12).SelectMany(n => Gen.ArrayOf(row, n).Where(a => a.Length > 0));
        return Gen.Zip(Gen.Zip(rows, Gen.Elements("\n", "\r\n")), Gen.Zip(Gen.Elements("", "\ufeff"), Gen.Elements(true, false))).Select(t =>
        {
            var ((cells, newline), (bom, lastBreak)) = t;
            var body = bom + CsvBody(cells, newline);
            // The last row may end without a line break.
            return new BatchCase(lastBreak ? body : body[..^newline.Length], cells.Length);
        });
    }

    private static Gen<string> CsvMutations(string valid)
    {
        var positions = Gen.Choose(0, valid.Length);
        var truncated = positions.Select(p => valid[..p]);
        var noisy = Gen.Zip(positions, Gen.Elements("\"", ",", "\r", "\n", "\r\n", "\u0000", "\ufeff", "💥", "=", ";", "\t", " ", "\"\""))
            .Select(t => valid.Insert(t.Item1, t.Item2));
        var deleted = positions.Where(p => p < valid.Length).Select(p => valid.Remove(p, 1));
        var header = Gen.Elements("", "country", "country,country,innovation", "innovation,country", "country,year,year,innovation", "country,nope", "country,,innovation",
            "\"country\",\"innovation\"", "Country,Innovation", "country;innovation", "country,readiness,innovation", "country,innovation,research")
            .Select(h => h + valid[valid.IndexOf('\n', StringComparison.Ordinal)..]);
        var wrongSeparator = Gen.Constant(valid.Replace(",", ";", StringComparison.Ordinal));
        var tabs = Gen.Constant(valid.Replace(",", "\t", StringComparison.Ordinal));
        return Gen.OneOf(truncated, noisy, noisy, deleted, header, wrongSeparator, tabs);
    }

    /// <summary>
    /// How many rows a body holds, read independently of the service: NDJSON non-blank lines, JSON
    /// <c>items</c> entries, CSV records after the header other than blank lines. -1 when not known.
    /// </summary>
    private static int RowsIn(string format, string contentType, string body)
    {
        if (format == "ndjson" && contentType.StartsWith("application/x-ndjson", StringComparison.Ordinal))
        {
            return body.Split('\n').Count(line => line.AsSpan().Trim(" \t\r").Length > 0);
        }
        if (format == "csv")
        {
            using var reader = Sep.New(',').Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true }).FromText(body.TrimStart('\ufeff'));
            int count = -1;
            foreach (var row in reader)
            {
                if (!(row.ColCount == 1 && row[0].Span.IsEmpty))
                {
                    count++;
                }
            }
            return count;
        }
        try
        {
            using var doc = JsonDocument.Parse(body.TrimStart('\ufeff'), new JsonDocumentOptions { MaxDepth = 1000 });
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("items", out var items)
                && items.ValueKind == JsonValueKind.Array ? items.GetArrayLength() : -1;
        }
        catch (JsonException)
        {
            return -1;
        }
    }

    /// <summary>Results in a 200 batch answer, and how many hold neither a score nor an error.</summary>
    private static (int Results, int Unaccounted) Answered(HttpResponseMessage response, string text)
    {
        switch (response.Content.Headers.ContentType?.MediaType)
        {
            case "text/csv":
            {
                using var reader = Sep.New(',').Reader(o => o with { Unescape = true }).FromText(text);
                int score = reader.Header.IndexOf("score"), error = reader.Header.IndexOf("error");
                int results = 0, unaccounted = 0;
                foreach (var row in reader)
                {
                    results++;
                    unaccounted += row[score].Span.IsEmpty && row[error].Span.IsEmpty ? 1 : 0;
                }
                return (results, unaccounted);
            }
            case "application/x-ndjson":
            {
                var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                return (lines.Length, lines.Count(l => !Accounted(JsonDocument.Parse(l).RootElement)));
            }
            default:
            {
                var results = JsonDocument.Parse(text).RootElement.GetProperty("results");
                return (results.GetArrayLength(), results.EnumerateArray().Count(r => !Accounted(r)));
            }
        }
    }

    private static bool Accounted(JsonElement result) => result.TryGetProperty("score", out _) || result.TryGetProperty("error", out _);

    /// <summary>Counts answers by class and collects what broke the rules.</summary>
    private sealed class Tally(string name)
    {
        private readonly List<string> _failures = [];
        private int _ok, _clientErrors, _serverErrors;

        public bool Check(HttpResponseMessage response, string text, string what)
        {
            int status = (int)response.StatusCode;
            if (status >= 500)
            {
                _serverErrors++;
                Fail($"{status} for {what}: {Shorten(text)}");
                return false;
            }
            if (status >= 400)
            {
                _clientErrors++;
                if (NotAProblem(response, text, status) is { } why)
                {
                    Fail($"{status} without a problem document ({why}) for {what}: {Shorten(text)}");
                    return false;
                }
                return true;
            }
            _ok++;
            return true;
        }

        public void Fail(string failure) => _failures.Add(failure);

        public void Assert(ITestOutputHelper output, int cases, int minimumRejected)
        {
            output.WriteLine($"HOSTILE {name}: {cases} cases, {_ok} 2xx, {_clientErrors} 4xx (all problem documents with traceId), {_serverErrors} 5xx");
            Xunit.Assert.True(_failures.Count == 0, $"{_failures.Count} of {cases} hostile requests to {name} failed:\n" + string.Join("\n", _failures.Take(10)));
            // The generator must mostly produce invalid requests, or the test proves little.
            Xunit.Assert.True(_clientErrors >= minimumRejected, $"only {_clientErrors} of {cases} cases were rejected");
        }
    }
}
