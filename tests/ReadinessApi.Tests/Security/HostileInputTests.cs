using System.Net;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using ReadinessApi.Tests.Infrastructure;

namespace ReadinessApi.Tests.Security;

/// <summary>
/// Thousands of generated malformed and adversarial requests per endpoint: never a 5xx, and every 4xx is
/// a problem document. The generator starts from valid bodies and breaks them the ways clients and
/// attackers do: truncation, byte noise, wrong types, huge and tiny numbers, deep nesting, duplicate
/// keys, odd Unicode, wrong content types.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HostileInputTests(ApiHost host)
{
    public const int CasesPerEndpoint = 1500;

    /// <summary>Each JSON endpoint with a valid body to start from. New endpoints join this list.</summary>
    public static TheoryData<string, string> JsonEndpoints => new()
    {
        { "/v1/scores", """{"country":"RUS","year":2024,"methodology":"readiness-v1","inputs":{"innovation":18.5,"implementation":33.0,"investment":9.0,"computeAccess":6.0}}""" },
    };

    private static readonly string[] OddStrings =
    [
        "", " ", "\u0000", "\\ud800", "\\udfff", "𝕽𝖀𝕾", "ＲＵＳ", "rus", "RUSS", "R\u0301US", "\u202eSUR", "' OR 1=1 --", "=cmd|'/C calc'!A0",
        "<script>alert(1)</script>", "../../etc/passwd", "%00", new string('A', 5000), "null", "NaN", "Infinity", "-Infinity",
    ];

    private static readonly string[] OddNumbers =
    [
        "1e309", "-1e309", "1e-400", "123456789012345678901234567890", "-0", "0.0000000000000000000001", "1.7976931348623157e308",
        "NaN", "Infinity", "-Infinity", "0x10", "1_000", "+1", ".5", "5.", "01", "1e", "--1", "true", "null", "[]", "{}", "\"12\"",
    ];

    private static readonly string[] ContentTypes =
    [
        "application/json", "application/json; charset=utf-8", "text/plain", "application/xml", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x", "application/json; charset=latin1", "", "*/*",
    ];

    private static Gen<string> Mutations(string valid)
    {
        var positions = Gen.Choose(0, valid.Length);
        var truncated = positions.Select(p => valid[..p]);
        var noisy = Gen.Zip(positions, Gen.Elements("{", "}", "[", "]", "\"", ",", ":", "\\", "\u0000", "\u00ff", "\uffff", "💥", " ", "\n", "/*", "e"))
            .Select(t => valid.Insert(t.Item1, t.Item2));
        var deleted = positions.Where(p => p < valid.Length).Select(p => valid.Remove(p, 1));
        var numbers = Gen.Elements(OddNumbers).Select(n => ReplaceFirstNumber(valid, n));
        var strings = Gen.Elements(OddStrings).Select(s => ReplaceFirstString(valid, s));
        var deep = Gen.Choose(1, 400).Select(d => new string('[', d) + valid + new string(']', d));
        var deepInside = Gen.Choose(1, 400).Select(d => valid.Replace("18.5", new string('[', d) + "1" + new string(']', d), StringComparison.Ordinal));
        var duplicated = Gen.Constant(valid.Insert(1, "\"country\":\"USA\","));
        var wrongRoot = Gen.Elements("null", "[]", "\"text\"", "42", "true", "{}", "[" + valid + "]", valid + valid, valid + "garbage");
        var keys = Gen.Elements(OddStrings).Select(k => valid.Replace("\"innovation\"", JsonSerializer.Serialize(k), StringComparison.Ordinal));
        var huge = Gen.Choose(1, 3).Select(n => valid.Replace("\"inputs\":{", "\"inputs\":{" + string.Join(",", Enumerable.Range(0, n * 2000).Select(i => $"\"k{i}\":1")) + ",", StringComparison.Ordinal));
        return Gen.OneOf(truncated, noisy, deleted, numbers, strings, deep, deepInside, duplicated, wrongRoot, keys, huge);
    }

    private static string ReplaceFirstNumber(string json, string replacement)
    {
        int i = json.IndexOfAny("0123456789".ToCharArray(), json.IndexOf(':'));
        int j = i;
        while (j < json.Length && "0123456789.eE+-".Contains(json[j]))
        {
            j++;
        }
        return i < 0 ? json : json[..i] + replacement + json[j..];
    }

    private static string ReplaceFirstString(string json, string replacement)
    {
        int colon = json.IndexOf(":\"", StringComparison.Ordinal);
        if (colon < 0)
        {
            return json;
        }
        int start = colon + 2, end = json.IndexOf('"', start);
        return json[..start] + replacement.Replace("\"", "\\\"", StringComparison.Ordinal) + json[end..];
    }

    [Theory]
    [MemberData(nameof(JsonEndpoints))]
    public async Task JsonEndpoint_GeneratedHostileBodies_NeverAServerError(string path, string valid)
    {
        var client = host.CreateClient();
        var cases = Gen.Zip(Mutations(valid), Gen.Elements(ContentTypes)).Sample(CasesPerEndpoint, 30);
        var failures = new List<string>();
        int clientErrors = 0;
        foreach (var (body, contentType) in cases)
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            if (contentType.Length > 0)
            {
                content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
            var response = await client.PostAsync(path, content);
            int status = (int)response.StatusCode;
            if (status >= 500)
            {
                failures.Add($"{status} for {contentType} {Shorten(body)}");
                continue;
            }
            if (status >= 400)
            {
                clientErrors++;
                var text = await response.Content.ReadAsStringAsync();
                if (response.Content.Headers.ContentType?.MediaType != "application/problem+json" || !IsProblem(text, status))
                {
                    failures.Add($"{status} without a problem document for {Shorten(body)}: {Shorten(text)}");
                }
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {CasesPerEndpoint} hostile requests to {path} failed:\n" + string.Join("\n", failures.Take(10)));
        // The generator must mostly produce invalid requests, or the test proves little.
        Assert.True(clientErrors > CasesPerEndpoint / 2, $"only {clientErrors} of {CasesPerEndpoint} cases were rejected");
    }

    [Fact]
    public async Task PathParameters_Hostile_NeverAServerError()
    {
        var client = host.CreateClient();
        // No NUL: the in-memory test client refuses to send it at all (Kestrel answers it with a 400 of its own).
        var ids = Gen.Elements(OddStrings.Where(s => !s.Contains('\u0000') && s != "%00").Concat(["readiness-v1", "%2e%2e", "a%2Fb", new string('x', 3000)]).ToArray())
            .Select(Uri.EscapeDataString).Sample(200, 30);
        foreach (var id in ids)
        {
            var response = await client.GetAsync("/v1/methodologies/" + id);
            Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} for {Shorten(id)}");
        }
    }

    private static bool IsProblem(string text, int status)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.TryGetProperty("status", out var s) && s.GetInt32() == status
                && doc.RootElement.TryGetProperty("title", out _) && doc.RootElement.TryGetProperty("traceId", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Shorten(string s) => s.Length <= 160 ? s : s[..160] + $"… ({s.Length} chars)";
}
