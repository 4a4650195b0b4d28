using System.Text;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using ReadinessApi.Tests.Infrastructure;

namespace ReadinessApi.Tests.OpenApi;

/// <summary>
/// JSON <c>null</c> in every position of every request body the committed contract shows (each request
/// example of each operation: the whole body, every field, every array element, every map value), sent
/// through the real pipeline. The answer is never a 5xx and never an undocumented status; where null is
/// refused, the 400 problem names the position as a JSON path from the body's root.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed partial class NullInputTests(ApiHost host)
{
    private static readonly string[] Verbs = ["get", "put", "post", "delete", "patch"];

    public static TheoryData<string> Operations()
    {
        var data = new TheoryData<string>();
        foreach (var (_, verb, operation) in JsonOperations(LoadContract()))
        {
            data.Add($"{verb.ToUpperInvariant()} {operation["operationId"]!.GetValue<string>()}");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task NullAnywhereInTheBody_IsNeverA5xx_AndA400NamesThePath(string operationName)
    {
        var doc = LoadContract();
        var (path, verb, operation) = JsonOperations(doc).Single(o => $"{o.Verb.ToUpperInvariant()} {o.Operation["operationId"]}" == operationName);
        var examples = operation["requestBody"]!["content"]!["application/json"]!["examples"]!.AsObject();
        using var client = host.CreateClient();
        var faults = new List<string>();
        var tried = new HashSet<string>(StringComparer.Ordinal);
        int sent = 0;
        foreach (var (name, example) in examples)
        {
            var body = example!["value"]!;
            var url = RequestUrl(path, operation, name);
            foreach (var position in Positions(body, "$"))
            {
                if (!tried.Add(position))
                {
                    continue;
                }
                var (status, text) = await SendAsync(client, verb, url, Edited(body, position, remove: false));
                sent++;
                var where = $"null at {position} (example '{name}')";
                if (status >= 500)
                {
                    faults.Add($"{where}: {status} {Truncate(text)}");
                    continue;
                }
                if (operation["responses"]![status.ToString()] is null)
                {
                    faults.Add($"{where}: {status} is not a documented status");
                }
                if (status == 400 && !ErrorKeys(text).Contains(position == "$" ? "$" : position[2..]))
                {
                    // An optional field given as null is as if it were absent: the 400 may then be about
                    // another field (a rule that needs it), exactly as without the field.
                    (int Status, string Text)? absent = position.EndsWith(']') ? null : await SendAsync(client, verb, url, Edited(body, position, remove: true));
                    if (absent is not { } a || a.Status != status || !ErrorKeys(a.Text).SetEquals(ErrorKeys(text)))
                    {
                        faults.Add($"{where}: the 400 does not name the path: {Truncate(text)}");
                    }
                }
            }
        }
        Assert.True(sent > 0, $"{operationName}: no request was sent");
        Assert.True(faults.Count == 0, $"{operationName}, {sent} requests:\n" + string.Join('\n', faults));
    }

    /// <summary>The operations whose request body the contract shows as JSON, with examples to start from.</summary>
    internal static IEnumerable<(string Path, string Verb, JsonObject Operation)> JsonOperations(JsonNode doc)
    {
        foreach (var (path, item) in doc["paths"]!.AsObject())
        {
            foreach (var verb in Verbs)
            {
                if (item![verb] is JsonObject operation
                    && operation["requestBody"]?["content"]?["application/json"]?["examples"] is JsonObject { Count: > 0 })
                {
                    yield return (path, verb, operation);
                }
            }
        }
    }

    internal static JsonNode LoadContract() =>
        JsonNode.Parse(File.ReadAllText(OpenApiContractTests.RepositoryFile("openapi/readiness-api.v1.json")))!;

    /// <summary>The path with the example's path and query values (the parameter examples of the same name).</summary>
    private static string RequestUrl(string path, JsonObject operation, string exampleName)
    {
        var query = new List<string>();
        foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
        {
            if (parameter!["examples"]?[exampleName]?["value"] is not { } value)
            {
                continue;
            }
            var text = value.GetValueKind() == System.Text.Json.JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
            var name = parameter["name"]!.GetValue<string>();
            if (parameter["in"]!.GetValue<string>() == "path")
            {
                path = path.Replace("{" + name + "}", Uri.EscapeDataString(text));
            }
            else
            {
                query.Add($"{name}={Uri.EscapeDataString(text)}");
            }
        }
        return query.Count == 0 ? path : path + "?" + string.Join('&', query);
    }

    /// <summary>Every position in the value as a JSON path: the value itself, then each member and element, depth first.</summary>
    internal static IEnumerable<string> Positions(JsonNode? node, string at)
    {
        yield return at;
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o)
                {
                    foreach (var p in Positions(child, $"{at}.{key}"))
                    {
                        yield return p;
                    }
                }
                break;
            case JsonArray a:
                for (int i = 0; i < a.Count; i++)
                {
                    foreach (var p in Positions(a[i], $"{at}[{i}]"))
                    {
                        yield return p;
                    }
                }
                break;
        }
    }

    /// <summary>A copy of the value with null at the position (a path <see cref="Positions"/> produced), or without the member there.</summary>
    internal static JsonNode? Edited(JsonNode root, string position, bool remove)
    {
        if (position == "$")
        {
            return null;
        }
        var copy = root.DeepClone();
        JsonNode parent = copy;
        var steps = Steps().Matches(position).ToList();
        foreach (var step in steps.SkipLast(1))
        {
            parent = step.Groups["key"].Success ? parent[step.Groups["key"].Value]! : parent[int.Parse(step.Groups["index"].Value)]!;
        }
        var last = steps[^1];
        if (last.Groups["index"].Success)
        {
            parent.AsArray()[int.Parse(last.Groups["index"].Value)] = null;
        }
        else if (remove)
        {
            parent.AsObject().Remove(last.Groups["key"].Value);
        }
        else
        {
            parent[last.Groups["key"].Value] = null;
        }
        return copy;
    }

    private static async Task<(int Status, string Text)> SendAsync(HttpClient client, string verb, string url, JsonNode? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(verb.ToUpperInvariant()), url)
        {
            Content = new StringContent(body?.ToJsonString() ?? "null", Encoding.UTF8, "application/json"),
        };
        using var response = await client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static HashSet<string> ErrorKeys(string problem) =>
        JsonNode.Parse(problem)?["errors"] is JsonObject errors ? errors.Select(e => e.Key).ToHashSet(StringComparer.Ordinal) : [];

    [GeneratedRegex(@"\.(?<key>[^.\[]+)|\[(?<index>\d+)\]")]
    private static partial Regex Steps();

    private static string Truncate(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
