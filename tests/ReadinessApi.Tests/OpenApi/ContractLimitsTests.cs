using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReadinessApi.Tests.Infrastructure;

namespace ReadinessApi.Tests.OpenApi;

/// <summary>
/// The schema states the limits the server enforces, read from one place: for each bound the served
/// document gives, a request just past it is refused with a 400 naming the field by its JSON path from the
/// body's root, and a request on it is accepted. A bound changed on one side only fails here.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ContractLimitsTests(ApiHost host)
{
    private const string Inputs = """{"innovation":18.5,"implementation":33,"investment":9,"computeAccess":6}""";
    private static readonly string Items = $$$"""[{"country":"RUS","inputs":{{{Inputs}}}},{"country":"FRA","inputs":{{{Inputs}}}}]""";

    private readonly HttpClient _client = host.CreateClient();

    public static TheoryData<string, string, string, string, string> Bounds => new()
    {
        // schema, property, keyword, url, body with {v} for the value
        { "ScoreRequest", "year", "maximum", "/v1/scores", """{"country":"RUS","year":{v},"inputs":{i}}""" },
        { "ScoreRequest", "year", "minimum", "/v1/scores", """{"country":"RUS","year":{v},"inputs":{i}}""" },
        { "CompareBaseline", "year", "maximum", "/v1/scores/compare", """{"baseline":{"country":"RUS","year":{v},"inputs":{i}},"scenarios":[{"name":"a","inputs":{"investment":10}}]}""" },
        { "CompareBaseline", "year", "minimum", "/v1/scores/compare", """{"baseline":{"country":"RUS","year":{v},"inputs":{i}},"scenarios":[{"name":"a","inputs":{"investment":10}}]}""" },
        { "SensitivityRequest", "draws", "maximum", "/v1/sensitivity", """{"items":{items},"draws":{v}}""" },
        { "SensitivityRequest", "draws", "minimum", "/v1/sensitivity", """{"items":{items},"draws":{v}}""" },
        { "SensitivityRequest", "weightNoise", "maximum", "/v1/sensitivity", """{"items":{items},"draws":10,"weightNoise":{v}}""" },
        { "SensitivityRequest", "weightNoise", "minimum", "/v1/sensitivity", """{"items":{items},"draws":10,"weightNoise":{v}}""" },
    };

    [Theory]
    [MemberData(nameof(Bounds))]
    public async Task NumericBound_InTheSchema_IsTheServersBound(string schema, string property, string keyword, string url, string body)
    {
        double bound = (await SchemaAsync(schema))["properties"]![property]![keyword]!.GetValue<double>();
        double past = keyword == "maximum" ? bound + 1 : bound - (property == "weightNoise" ? 0.5 : 1);

        body = body.Replace("{i}", Inputs).Replace("{items}", Items);
        var on = await PostAsync(url, body.Replace("{v}", bound.ToString(CultureInfo.InvariantCulture)));
        var over = await PostAsync(url, body.Replace("{v}", past.ToString(CultureInfo.InvariantCulture)));

        Assert.True(on.StatusCode == HttpStatusCode.OK, await on.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, over.StatusCode);
        var field = schema == "CompareBaseline" ? $"baseline.{property}" : property;
        Assert.Contains(field, await ErrorKeysAsync(over));
    }

    [Theory]
    [InlineData("ScoreRequest", "/v1/scores", """{"country":{c},"inputs":{i}}""", "")]
    [InlineData("CompareBaseline", "/v1/scores/compare", """{"baseline":{"country":{c},"inputs":{i}},"scenarios":[{"name":"a","inputs":{"investment":10}}]}""", "baseline.")]
    [InlineData("SensitivityItem", "/v1/sensitivity", """{"items":[{"country":{c},"inputs":{i}},{"country":"FRA","inputs":{"innovation":1}}]}""", "items[0].")]
    public async Task CountryPatternAndInputsMinimum_InTheSchema_AreRefusedAtTheirPath(string schema, string url, string body, string prefix)
    {
        var properties = (await SchemaAsync(schema))["properties"]!;
        var pattern = new System.Text.RegularExpressions.Regex(properties["country"]!["pattern"]!.GetValue<string>());
        Assert.Equal(1, properties["inputs"]!["minProperties"]!.GetValue<int>());
        Assert.DoesNotMatch(pattern, "rus");

        var badCountry = await PostAsync(url, body.Replace("{c}", "\"rus\"").Replace("{i}", Inputs));
        var noInputs = await PostAsync(url, body.Replace("{c}", "\"RUS\"").Replace("{i}", "{}"));

        Assert.Equal(HttpStatusCode.BadRequest, badCountry.StatusCode);
        Assert.Contains($"{prefix}country", await ErrorKeysAsync(badCountry));
        Assert.Equal(HttpStatusCode.BadRequest, noInputs.StatusCode);
        Assert.Contains($"{prefix}inputs", await ErrorKeysAsync(noInputs));
    }

    [Fact]
    public async Task Scenarios_MaxItemsInTheSchema_IsTheServersMaximum()
    {
        int max = (await SchemaAsync("CompareRequest"))["properties"]!["scenarios"]!["maxItems"]!.GetValue<int>();
        string Body(int n) => $$$"""{"baseline":{"country":"RUS","inputs":{{{Inputs}}}},"scenarios":[{{{string.Join(',', Enumerable.Range(0, n).Select(i => $$$"""{"name":"s{{{i}}}","inputs":{"investment":{{{i % 100}}}}}"""))}}}]}""";

        Assert.Equal(HttpStatusCode.OK, (await PostAsync("/v1/scores/compare", Body(max))).StatusCode);
        var over = await PostAsync("/v1/scores/compare", Body(max + 1));
        Assert.Equal(HttpStatusCode.BadRequest, over.StatusCode);
        Assert.Contains("scenarios", await ErrorKeysAsync(over));
    }

    [Fact]
    public async Task CohortOrItems_IsARequiredAlternative_AsTheServerReadsIt()
    {
        var oneOf = (await SchemaAsync("SensitivityRequest"))["oneOf"]!.AsArray();
        Assert.Equal(["cohort", "items"], oneOf.Select(alternative => alternative!["required"]!.AsArray().Single()!.GetValue<string>()));

        var neither = await PostAsync("/v1/sensitivity", """{"draws":10}""");
        var both = await PostAsync("/v1/sensitivity", $$"""{"cohort":"test-pillars","items":{{Items}},"draws":10}""");
        var itemsWithNullCohort = await PostAsync("/v1/sensitivity", $$"""{"cohort":null,"items":{{Items}},"draws":10}""");

        Assert.Equal(HttpStatusCode.BadRequest, neither.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        Assert.Equal(HttpStatusCode.OK, itemsWithNullCohort.StatusCode);
    }

    [Fact]
    public async Task Aggregations_AreOneVocabulary_TheSchemasEnumIsWhatTheServerAccepts()
    {
        Assert.Equal("#/components/schemas/RootAggregation", (await SchemaAsync("SensitivityRequest"))["properties"]!["aggregations"]!["items"]!["$ref"]!.GetValue<string>());
        var names = (await SchemaAsync("RootAggregation"))["enum"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();

        var all = await PostAsync("/v1/sensitivity", $$"""{"items":{{Items}},"draws":10,"aggregations":{{JsonSerializer.Serialize(names)}}}""");
        var engineWord = await PostAsync("/v1/sensitivity", $$"""{"items":{{Items}},"draws":10,"aggregations":["generalisedMean"]}""");

        Assert.Equal(["arithmetic", "geometric", "harmonic", "minimum"], names);
        Assert.True(all.StatusCode == HttpStatusCode.OK, await all.Content.ReadAsStringAsync());
        using var answer = JsonDocument.Parse(await all.Content.ReadAsStringAsync());
        Assert.Equal(names, answer.RootElement.GetProperty("aggregations").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, engineWord.StatusCode);
    }

    private async Task<JsonNode> SchemaAsync(string name) =>
        JsonNode.Parse(await _client.GetStringAsync("/swagger/v1/swagger.json"))!["components"]!["schemas"]![name]!;

    private Task<HttpResponseMessage> PostAsync(string url, string json) =>
        _client.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<List<string>> ErrorKeysAsync(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. body.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name)];
    }
}
