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
        var served = JsonNode.Parse(await host.CreateClient().GetStringAsync("/swagger/v1/swagger.json"));
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
