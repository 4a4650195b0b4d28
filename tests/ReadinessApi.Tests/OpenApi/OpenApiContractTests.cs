using System.Text.Json.Nodes;
using ReadinessApi.Tests.Infrastructure;

namespace ReadinessApi.Tests.OpenApi;

/// <summary>Downstream clients are generated from the committed document: it must be exactly what the service serves.</summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiContractTests(ApiHost host)
{
    [Fact]
    public async Task ServedDocument_EqualsCommittedDocument()
    {
        // The committed document is the one a deployment with the shipped defaults serves: API keys off, rate limits on
        // (the shared test host turns rate limits off for its thousands of requests).
        await using var defaults = new ApiFactory(host.Redis).WithSettings(new Dictionary<string, string?> { ["RateLimiting:Enabled"] = "true" });
        var served = JsonNode.Parse(await defaults.CreateClient().GetStringAsync("/swagger/v1/swagger.json"));
        var committedPath = RepositoryFile("openapi/readiness-api.v1.json");
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(committedPath));
        Assert.True(JsonNode.DeepEquals(served, committed),
            $"The served OpenAPI document differs from {committedPath}. Regenerate it with scripts/openapi.sh and review the diff.");
    }

    [Fact]
    public async Task ServedDocument_IsOpenApi31WithOperationIdsAndExamples()
    {
        var doc = JsonNode.Parse(await host.CreateClient().GetStringAsync("/swagger/v1/swagger.json"))!;
        Assert.StartsWith("3.1", doc["openapi"]!.GetValue<string>());
        Assert.Equal("ReadinessApi", doc["info"]!["title"]!.GetValue<string>());
        foreach (var (path, item) in doc["paths"]!.AsObject())
        {
            foreach (var (verb, operation) in item!.AsObject())
            {
                Assert.False(string.IsNullOrEmpty(operation!["operationId"]?.GetValue<string>()), $"{verb} {path} has no operationId");
                Assert.False(string.IsNullOrEmpty(operation["description"]?.GetValue<string>()), $"{verb} {path} has no description");
                var ok = operation["responses"]?["200"]?["content"]?.AsObject().First().Value;
                Assert.True(ok?["example"] is not null || ok?["examples"] is not null, $"{verb} {path} has no 200 example");
            }
        }
    }

    [Fact]
    public async Task KeysOff_NoSecuritySchemeNoRequirementNo401Or403()
    {
        var doc = JsonNode.Parse(await host.CreateClient().GetStringAsync("/swagger/v1/swagger.json"))!;
        Assert.Null(doc["components"]!["securitySchemes"]);
        Assert.Null(doc["security"]);
        foreach (var (verb, path, operation) in Operations(doc))
        {
            Assert.True(operation["security"] is JsonArray { Count: 0 }, $"{verb} {path}: security {operation["security"]?.ToJsonString()}");
            Assert.Null(operation["responses"]!["401"]);
            Assert.Null(operation["responses"]!["403"]);
            // The shared host runs without rate limits, so no operation can answer 429 there.
            Assert.Null(operation["responses"]!["429"]);
            Assert.NotNull(operation["responses"]!["408"]);
        }
    }

    [Fact]
    public async Task KeysOn_EveryOperationNeedsTheKeyAndDocuments401And403()
    {
        await using var keys = new ApiFactory(host.Redis).WithSettings(new Dictionary<string, string?>
        {
            ["ApiKeys:Enabled"] = "true",
            ["ApiKeys:Keys:0:Name"] = "contract",
            ["ApiKeys:Keys:0:Hash"] = new string('a', 64),
        });
        var doc = JsonNode.Parse(await keys.CreateClient().GetStringAsync("/swagger/v1/swagger.json"))!;
        Assert.Equal("X-Api-Key", doc["components"]!["securitySchemes"]!["ApiKey"]!["name"]!.GetValue<string>());
        foreach (var (verb, path, operation) in Operations(doc))
        {
            var requirement = Assert.Single(operation["security"]!.AsArray());
            Assert.True(requirement!.AsObject().ContainsKey("ApiKey"), $"{verb} {path}: {requirement.ToJsonString()}");
            Assert.NotNull(operation["responses"]!["401"]?["content"]?["application/problem+json"]);
            Assert.NotNull(operation["responses"]!["403"]?["content"]?["application/problem+json"]);
        }
    }

    private static IEnumerable<(string Verb, string Path, JsonNode Operation)> Operations(JsonNode doc) =>
        doc["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => (o.Key, p.Key, o.Value!)));

    [Fact]
    public async Task SwaggerUi_IsServed()
    {
        var response = await host.CreateClient().GetAsync("/swagger/index.html");
        response.EnsureSuccessStatusCode();
        Assert.Contains("swagger-ui", await response.Content.ReadAsStringAsync());
    }

    internal static string RepositoryFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException($"{relative} not found above {AppContext.BaseDirectory}");
    }
}
