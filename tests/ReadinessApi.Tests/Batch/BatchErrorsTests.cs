using System.Net;
using System.Text.Json;
using ReadinessApi.Tests.Infrastructure;

namespace ReadinessApi.Tests.Batch;

/// <summary>A bad row fails only itself, naming where it is; what is wrong with the request as a whole fails the request.</summary>
[Collection(ApiCollection.Name)]
public sealed class BatchErrorsTests(ApiHost host)
{
    private readonly HttpClient _client = host.CreateClient();

    private const string Good = """{"country":"RUS","inputs":{"innovation":18.5,"implementation":33,"investment":9,"computeAccess":6}}""";

    [Fact]
    public async Task ScoreBatch_CsvBadRows_EachNamesItsLineAndColumnAndTheOthersAreScored()
    {
        const string csv = """
            country,year,innovation,implementation,investment,computeAccess
            RUS,2024,18.5,33,9,6
            ZZZ,2024,10,10,10,10
            GBR,2024,abc,55.2,38.1,71
            FRA,2024,10,101,10,10
            DEU,2024,10,,,
            IND,3024,10,10,10,10
            BRA,2024,10,10
            CHN,2024,71.4,52,61,35

            """;

        var response = await _client.PostBatchAsync(csv, BatchHttp.Csv, BatchHttp.Json);

        var results = await Results(response);
        Assert.Equal(8, results.Count);
        Assert.Equal(18.45, results[0].GetProperty("score").GetDouble(), 9);
        Assert.Equal(0.3 * 71.4 + 0.3 * 52 + 0.2 * 61 + 0.2 * 35, results[7].GetProperty("score").GetDouble(), 9);
        AssertError(results[1], index: 1, line: 3, status: 400, field: "3:1", "'ZZZ' is not an ISO 3166-1 alpha-3 country code");
        AssertError(results[2], index: 2, line: 4, status: 400, field: "4:3", "'abc' is not a number.");
        AssertError(results[3], index: 3, line: 5, status: 400, field: "5:4", "101 is outside the scale of 'implementation' [0, 100].");
        AssertError(results[4], index: 4, line: 6, status: 422, field: "inputs", "cover 30% of 'readiness-v1'");
        Assert.Equal(0.3, results[4].GetProperty("error").GetProperty("coverage").GetDouble(), 12);
        AssertError(results[5], index: 5, line: 7, status: 400, field: "7:2", "year must be a whole number between 1900 and 2100");
        AssertError(results[6], index: 6, line: 8, status: 400, field: "8:5", "Expected 6 fields, as in the header; found 4.");
        foreach (int i in new[] { 1, 2, 3, 4, 5, 6 })
        {
            Assert.False(results[i].TryGetProperty("score", out _));
        }
    }

    public static TheoryData<string, string, string> BadItems => new()
    {
        // name, item JSON, the field its error must name (relative to the item)
        { "unknown field", """{"country":"RUS","inputs":{"innovation":1},"weights":{}}""", "weights" },
        { "NaN as a string", """{"country":"RUS","inputs":{"innovation":"NaN"}}""", "inputs.innovation" },
        { "number as a string", """{"country":"RUS","inputs":{"innovation":"12"}}""", "inputs.innovation" },
        { "duplicate input key", """{"country":"RUS","inputs":{"innovation":1,"innovation":2}}""", "inputs.innovation" },
        { "duplicate field", """{"country":"RUS","country":"GBR","inputs":{"innovation":1}}""", "country" },
        { "unknown node", """{"country":"RUS","inputs":{"innovation":10,"implementation":10,"investment":10,"computeAccess":10,"quantum":5}}""", "inputs.quantum" },
        { "root given as input", """{"country":"RUS","inputs":{"readiness":50}}""", "inputs.readiness" },
        { "node and descendant", """{"country":"RUS","inputs":{"innovation":10,"research":20,"implementation":10,"investment":10,"computeAccess":10}}""", "inputs.research" },
        { "value above scale", """{"country":"RUS","inputs":{"innovation":100.5,"implementation":10,"investment":10,"computeAccess":10}}""", "inputs.innovation" },
        { "negative value", """{"country":"RUS","inputs":{"innovation":-1,"implementation":10,"investment":10,"computeAccess":10}}""", "inputs.innovation" },
        { "number too large for a double", """{"country":"RUS","inputs":{"innovation":1e999}}""", "inputs.innovation" },
        { "lower-case country", """{"country":"rus","inputs":{"innovation":10}}""", "country" },
        { "unknown country", """{"country":"XXX","inputs":{"innovation":10}}""", "country" },
        { "country missing", """{"inputs":{"innovation":10}}""", "country" },
        { "country null", """{"country":null,"inputs":{"innovation":10}}""", "country" },
        { "country a number", """{"country":643,"inputs":{"innovation":10}}""", "country" },
        { "inputs missing", """{"country":"RUS"}""", "inputs" },
        { "inputs not an object", """{"country":"RUS","inputs":[1,2]}""", "inputs" },
        { "empty inputs", """{"country":"RUS","inputs":{}}""", "inputs" },
        { "year out of range", """{"country":"RUS","year":3024,"inputs":{"innovation":10,"implementation":10,"investment":10,"computeAccess":10}}""", "year" },
        { "wrong type for year", """{"country":"RUS","year":"2024","inputs":{"innovation":10}}""", "year" },
        { "IMF-sized input on readiness", """{"country":"RUS","inputs":{"digitalInfrastructure":0.2}}""", "inputs.digitalInfrastructure" },
    };

    [Theory]
    [MemberData(nameof(BadItems))]
    public async Task ScoreBatch_JsonBadItem_FailsOnlyThatItemNamingItsPath(string name, string item, string field)
    {
        var response = await _client.PostBatchAsync($$"""{"items":[{{Good}},{{item}},{{Good}}]}""", BatchHttp.Json);

        var results = await Results(response);
        Assert.Equal(3, results.Count);
        Assert.True(results[0].TryGetProperty("score", out _), name);
        Assert.True(results[2].TryGetProperty("score", out _), name);
        var error = results[1].GetProperty("error");
        Assert.Equal(1, error.GetProperty("index").GetInt32());
        Assert.True(error.GetProperty("errors").TryGetProperty($"items[1].{field}", out _),
            $"{name}: expected items[1].{field} in {error.GetProperty("errors")}");
    }

    [Theory]
    [MemberData(nameof(BadItems))]
    public async Task ScoreBatch_NdjsonBadLine_FailsOnlyThatLineNamingItsPathAndLine(string name, string item, string field)
    {
        var response = await _client.PostBatchAsync($"{Good}\n{item}\n{Good}\n", BatchHttp.Ndjson);

        var results = await Results(response);
        Assert.Equal(3, results.Count);
        var error = results[1].GetProperty("error");
        Assert.Equal(2, error.GetProperty("line").GetInt32());
        Assert.True(error.GetProperty("errors").TryGetProperty(field, out _), $"{name}: expected {field} in {error.GetProperty("errors")}");
        Assert.True(results[2].TryGetProperty("score", out _), name);
    }

    [Fact]
    public async Task ScoreBatch_NdjsonMalformedLineAndBlankLines_MalformedIsOneItemBlanksAreNone()
    {
        var body = $"{Good}\r\n\r\n{{\"country\":\"GBR\",\"inputs\":{{\"innovation\":1\n  \n[1,2]\n{Good}";

        var results = await Results(await _client.PostBatchAsync(body, BatchHttp.Ndjson));

        Assert.Equal(4, results.Count);
        Assert.Equal([0, 1, 2, 3], results.Select(r => r.GetProperty("index").GetInt32()));
        var malformed = results[1].GetProperty("error");
        Assert.Equal(3, malformed.GetProperty("line").GetInt32());
        Assert.Contains("Malformed JSON", malformed.GetProperty("errors").GetProperty("$")[0].GetString());
        Assert.Contains("must be one item object", results[2].GetProperty("error").GetProperty("errors").GetProperty("$")[0].GetString());
        Assert.Equal(5, results[2].GetProperty("error").GetProperty("line").GetInt32());
        Assert.True(results[3].TryGetProperty("score", out _));
    }

    [Fact]
    public async Task ScoreBatch_JsonItemNotAnObject_FailsThatItem()
    {
        var results = await Results(await _client.PostBatchAsync($$"""{"items":[{{Good}},42,[{"x":1}],"RUS",{{Good}}]}""", BatchHttp.Json));

        Assert.Equal(5, results.Count);
        foreach (int i in new[] { 1, 2, 3 })
        {
            Assert.True(results[i].GetProperty("error").GetProperty("errors").TryGetProperty($"items[{i}]", out _));
        }
        Assert.True(results[4].TryGetProperty("score", out _));
    }

    public static TheoryData<string, string, string, string> BadRequests => new()
    {
        // name, content type, body, the field the 400 must name
        { "empty CSV", BatchHttp.Csv, "", "$" },
        { "empty JSON", BatchHttp.Json, "", "$" },
        { "white-space JSON", BatchHttp.Json, "  \n ", "$" },
        { "empty NDJSON", BatchHttp.Ndjson, "", "$" },
        { "blank NDJSON", BatchHttp.Ndjson, "\n\r\n  \n", "$" },
        { "CSV without header", BatchHttp.Csv, "RUS,2024,18.5,33,9,6\nGBR,2024,40,55,38,71\n", "1" },
        { "CSV blank first line", BatchHttp.Csv, "\ncountry,innovation\nRUS,1\n", "1" },
        { "CSV unknown column", BatchHttp.Csv, "country,year,innovation,quantum\nRUS,2024,10,1\n", "1:4" },
        { "CSV misspelt column", BatchHttp.Csv, "country,Innovation\nRUS,10\n", "1:2" },
        { "CSV root as column", BatchHttp.Csv, "country,readiness\nRUS,10\n", "1:2" },
        { "CSV duplicate column", BatchHttp.Csv, "country,innovation,innovation\nRUS,10,10\n", "1:3" },
        { "CSV duplicate country", BatchHttp.Csv, "country,country,innovation\nRUS,RUS,10\n", "1:2" },
        { "CSV empty column name", BatchHttp.Csv, "country,,innovation\nRUS,1,10\n", "1:2" },
        { "CSV no input column", BatchHttp.Csv, "country,year\nRUS,2024\n", "1" },
        { "JSON array", BatchHttp.Json, $"[{Good}]", "$" },
        { "JSON unknown field", BatchHttp.Json, $$"""{"methodology":"gaii-2021","items":[{{Good}}]}""", "methodology" },
        { "JSON items missing", BatchHttp.Json, "{}", "items" },
        { "JSON items not an array", BatchHttp.Json, $$"""{"items":{{Good}}}""", "items" },
        { "JSON duplicate items", BatchHttp.Json, $$"""{"items":[{{Good}}],"items":[]}""", "items" },
        { "JSON malformed in an item", BatchHttp.Json, $$$"""{"items":[{{{Good}}},{"country":"RUS","inputs":{"innovation":1,}}]}""", "items[1]" },
        { "JSON truncated", BatchHttp.Json, $$"""{"items":[{{Good}},{"country":"RUS""", "items[1]" },
        { "JSON trailing garbage", BatchHttp.Json, $$"""{"items":[{{Good}}]} x""", "$" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task ScoreBatch_MalformedRequest_Is400NamingTheField(string name, string contentType, string body, string field)
    {
        var response = await _client.PostBatchAsync(body, contentType);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{name}: expected {field} in {problem.GetProperty("errors")}");
        Assert.True(problem.TryGetProperty("traceId", out _), name);
    }

    [Theory]
    [InlineData(BatchHttp.Csv, "country,innovation\nRUS,10\nGBR,\"12", "")]
    [InlineData(BatchHttp.Ndjson, "{\"country\":\"RUS\",\"inputs\":{\"innovation\":10}}\n{\"country\":\"", "")]
    [InlineData(BatchHttp.Json, "{\"items\":[{\"country\":\"RUS\",\"inputs\":{\"innovation\":10}},{\"country\":\"", "\"}]}")]
    public async Task ScoreBatch_ItemLongerThanOneMebibyte_Is400(string contentType, string head, string tail)
    {
        // A quote left open makes a reader take everything after it for one field: it must not buffer without end.
        var body = head + new string('x', 1_500_000) + tail;

        var response = await _client.PostBatchAsync(body, contentType, query: "?rank=batch");

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.Contains("Item 1 runs past 1048576 bytes", text);
    }

    [Fact]
    public async Task ScoreBatch_CsvHeaderOnly_IsAnEmptyAnswer()
    {
        var csv = await _client.PostBatchAsync("country,year,innovation\r\n", BatchHttp.Csv);
        var json = await _client.PostBatchAsync("country,year,innovation", BatchHttp.Csv, BatchHttp.Json);

        Assert.Equal("country,year,score,tier,rank,coverage,innovation,implementation,investment,computeAccess,error\r\n", await csv.Content.ReadAsStringAsync());
        var root = JsonDocument.Parse(await json.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(0, root.GetProperty("results").GetArrayLength());
        Assert.Equal(0, root.GetProperty("summary").GetProperty("rows").GetInt32());
    }

    [Fact]
    public async Task ScoreBatch_EmptyItems_IsAnEmptyAnswer()
    {
        var response = await _client.PostBatchAsync("""{"items":[]}""", BatchHttp.Json, query: "?rank=batch");

        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, root.GetProperty("results").GetArrayLength());
    }

    [Theory]
    [InlineData("?methodology=nope", HttpStatusCode.NotFound, null)]
    [InlineData("?rank=world", HttpStatusCode.BadRequest, "rank")]
    [InlineData("?cohort=imf-aipi-2023", HttpStatusCode.NotFound, null)]
    [InlineData("?cohort=imf-aipi-2023&rank=batch", HttpStatusCode.BadRequest, "cohort")]
    public async Task ScoreBatch_BadQuery_IsAProblem(string query, HttpStatusCode status, string? field)
    {
        var response = await _client.PostBatchAsync(BatchSamples.Mixed.Csv(), BatchHttp.Csv, query: query);

        Assert.Equal(status, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        if (field is not null)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
        }
        Assert.True(problem.TryGetProperty("traceId", out _));
    }

    private static async Task<List<JsonElement>> Results(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        if (response.Content.Headers.ContentType!.MediaType == BatchHttp.Ndjson)
        {
            return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)];
        }
        return [.. JsonDocument.Parse(text).RootElement.GetProperty("results").EnumerateArray()];
    }

    private static void AssertError(JsonElement result, int index, int line, int status, string field, string message)
    {
        var error = result.GetProperty("error");
        Assert.Equal(index, result.GetProperty("index").GetInt32());
        Assert.Equal(index, error.GetProperty("index").GetInt32());
        Assert.Equal(line, error.GetProperty("line").GetInt32());
        Assert.Equal(status, error.GetProperty("status").GetInt32());
        Assert.True(error.GetProperty("errors").TryGetProperty(field, out var messages), $"expected {field} in {error.GetProperty("errors")}");
        Assert.Contains(messages.EnumerateArray(), m => m.GetString()!.Contains(message, StringComparison.Ordinal));
    }
}
