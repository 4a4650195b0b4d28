using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;

namespace ReadinessApi.Tests.Security;

/// <summary>
/// The generators the hostile-input tests share: odd strings, odd numbers and content types, and mutations
/// that break a valid body the ways clients and attackers do (truncation, byte noise, wrong types, huge and
/// tiny numbers, deep nesting, duplicate keys, odd Unicode, wrong roots, thousands of keys).
/// </summary>
internal static class HostileGen
{
    public static readonly string[] OddStrings =
    [
        "", " ", "\u0000", "\\ud800", "\\udfff", "𝕽𝖀𝕾", "ＲＵＳ", "rus", "RUSS", "R\u0301US", "\u202eSUR", "' OR 1=1 --", "=cmd|'/C calc'!A0",
        "<script>alert(1)</script>", "../../etc/passwd", "%00", new string('A', 5000), "null", "NaN", "Infinity", "-Infinity",
        "\ufeffRUS", "+RUS", "-RUS", "@SUM(A1)", "\tRUS", "RUS\r\n", "\u2028", "\ud83d\udca5", "a,b", "\"quoted\"",
    ];

    public static readonly string[] OddNumbers =
    [
        "1e309", "-1e309", "1e-400", "123456789012345678901234567890", "-0", "0.0000000000000000000001", "1.7976931348623157e308",
        "NaN", "Infinity", "-Infinity", "0x10", "1_000", "+1", ".5", "5.", "01", "1e", "--1", "true", "null", "[]", "{}", "\"12\"",
        "1,5", "1 000", "٣", "１２", "-", "e5", "99999999999", "-2147483649",
    ];

    /// <summary>Odd numbers as they can stand in a CSV cell (no quoting needed for most; the writer quotes the rest).</summary>
    public static readonly string[] OddCells = [.. OddNumbers, .. OddStrings.Where(s => s.Length < 100)];

    public static readonly string[] JsonContentTypes =
    [
        "application/json", "application/json; charset=utf-8", "text/plain", "application/xml", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x", "application/json; charset=latin1", "", "*/*", "application/problem+json", "text/json",
    ];

    public static Gen<string> Mutations(string valid)
    {
        var positions = Gen.Choose(0, valid.Length);
        var truncated = positions.Select(p => valid[..p]);
        var noisy = Gen.Zip(positions, Gen.Elements("{", "}", "[", "]", "\"", ",", ":", "\\", "\u0000", "\u00ff", "\uffff", "💥", " ", "\n", "/*", "e", "\ufeff", "\r\n"))
            .Select(t => valid.Insert(t.Item1, t.Item2));
        var deleted = positions.Where(p => p < valid.Length).Select(p => valid.Remove(p, 1));
        var numbers = Gen.Elements(OddNumbers).Select(n => ReplaceFirstNumber(valid, n));
        var strings = Gen.Elements(OddStrings).Select(s => ReplaceFirstString(valid, s));
        var deep = Gen.Choose(1, 400).Select(d => new string('[', d) + valid + new string(']', d));
        var deepInside = Gen.Choose(1, 400).Select(d => valid.Replace("18.5", new string('[', d) + "1" + new string(']', d), StringComparison.Ordinal));
        var deepObjects = Gen.Choose(1, 200).Select(d => valid.Replace("18.5", string.Concat(Enumerable.Repeat("{\"a\":", d)) + "1" + new string('}', d), StringComparison.Ordinal));
        var duplicated = Gen.Elements("country", "inputs", "methodology", "items", "baseline", "draws").Select(k => valid.Insert(1, $"\"{k}\":\"USA\","));
        var duplicatedInput = Gen.Constant(valid.Replace("\"innovation\":18.5", "\"innovation\":18.5,\"innovation\":1", StringComparison.Ordinal));
        var wrongRoot = Gen.Elements("null", "[]", "\"text\"", "42", "true", "{}", "[" + valid + "]", valid + valid, valid + "garbage", "\ufeff" + valid, valid + "\r\n");
        var keys = Gen.Elements(OddStrings).Select(k => valid.Replace("\"innovation\"", JsonSerializer.Serialize(k), StringComparison.Ordinal));
        var huge = Gen.Choose(1, 3).Select(n => valid.Replace("\"inputs\":{", "\"inputs\":{" + string.Join(",", Enumerable.Range(0, n * 2000).Select(i => $"\"k{i}\":1")) + ",", StringComparison.Ordinal));
        var crlf = Gen.Constant(valid.Replace(",", ",\r\n", StringComparison.Ordinal));
        return Gen.OneOf(truncated, noisy, deleted, numbers, strings, deep, deepInside, deepObjects, duplicated, duplicatedInput, wrongRoot, keys, huge, crlf);
    }

    public static string ReplaceFirstNumber(string json, string replacement)
    {
        int i = json.IndexOfAny("0123456789".ToCharArray(), Math.Max(0, json.IndexOf(':')));
        if (i < 0)
        {
            return json;
        }
        int j = i;
        while (j < json.Length && "0123456789.eE+-".Contains(json[j]))
        {
            j++;
        }
        return json[..i] + replacement + json[j..];
    }

    public static string ReplaceFirstString(string json, string replacement)
    {
        int colon = json.IndexOf(":\"", StringComparison.Ordinal);
        if (colon < 0)
        {
            return json;
        }
        int start = colon + 2, end = json.IndexOf('"', start);
        return json[..start] + replacement.Replace("\"", "\\\"", StringComparison.Ordinal) + json[end..];
    }

    /// <summary>A problem document for <paramref name="status"/> carrying title and traceId; null when it is one, else why not.</summary>
    public static string? NotAProblem(HttpResponseMessage response, string text, int status)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"content type {response.Content.Headers.ContentType}";
        }
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            return root.TryGetProperty("status", out var s) && s.GetInt32() == status
                && root.TryGetProperty("title", out _) && root.TryGetProperty("traceId", out var t) && t.GetString()?.Length > 0
                ? null
                : "a problem without status, title or traceId";
        }
        catch (JsonException)
        {
            return "not JSON";
        }
    }

    public static string Shorten(string s) => s.Length <= 160 ? s : s[..160] + $"… ({s.Length} chars)";
}
