using System.Net;
using System.Text;
using System.Text.Json;
using ReadinessApi.Tests.Infrastructure;

namespace ReadinessApi.Tests.Scores;

/// <summary>Every malformed score request gets a problem document that names what is wrong, never a 500.</summary>
[Collection(ApiCollection.Name)]
public sealed class ScoreErrorsTests(ApiHost host)
{
    private readonly HttpClient _client = host.CreateClient();

    public static TheoryData<string, string, string> BadRequests => new()
    {
        // name, body, the field the problem must name
        { "malformed JSON", """{"country":"RUS","inputs":{"innovation":1""", "inputs.innovation" },
        { "not JSON at all", "country=RUS", "$" },
        { "NaN as a string", """{"country":"RUS","inputs":{"innovation":"NaN"}}""", "inputs.innovation" },
        { "Infinity literal", """{"country":"RUS","inputs":{"innovation":Infinity}}""", "inputs.innovation" },
        { "number as a string", """{"country":"RUS","inputs":{"innovation":"12"}}""", "inputs.innovation" },
        { "unknown field", """{"country":"RUS","inputs":{"innovation":1},"weights":{}}""", "weights" },
        { "duplicate input key", """{"country":"RUS","inputs":{"innovation":1,"innovation":2}}""", "inputs.innovation" },
        { "unknown node", """{"country":"RUS","inputs":{"innovation":10,"implementation":10,"investment":10,"computeAccess":10,"quantum":5}}""", "inputs.quantum" },
        { "root given as input", """{"country":"RUS","inputs":{"readiness":50}}""", "inputs.readiness" },
        { "node and descendant", """{"country":"RUS","inputs":{"innovation":10,"research":20,"implementation":10,"investment":10,"computeAccess":10}}""", "inputs.research" },
        { "value above scale", """{"country":"RUS","inputs":{"innovation":100.5,"implementation":10,"investment":10,"computeAccess":10}}""", "inputs.innovation" },
        { "negative value", """{"country":"RUS","inputs":{"innovation":-1,"implementation":10,"investment":10,"computeAccess":10}}""", "inputs.innovation" },
        { "lower-case country", """{"country":"rus","inputs":{"innovation":10}}""", "country" },
        { "unknown country", """{"country":"XXX","inputs":{"innovation":10}}""", "country" },
        { "country missing", """{"inputs":{"innovation":10}}""", "country" },
        { "inputs missing", """{"country":"RUS"}""", "inputs" },
        { "country null", """{"country":null,"inputs":{"innovation":10}}""", "country" },
        { "country empty", """{"country":"","inputs":{"innovation":10,"implementation":10,"investment":10,"computeAccess":10}}""", "country" },
        { "empty inputs", """{"country":"RUS","inputs":{}}""", "inputs" },
        { "year out of range", """{"country":"RUS","year":3024,"inputs":{"innovation":10,"implementation":10,"investment":10,"computeAccess":10}}""", "year" },
        { "wrong type for year", """{"country":"RUS","year":"2024","inputs":{"innovation":10}}""", "year" },
        { "IMF dimension above 0.25", """{"country":"RUS","methodology":"imf-aipi-2023","inputs":{"digitalInfrastructure":0.3,"humanCapital":0.1,"innovationIntegration":0.1,"regulationEthics":0.1}}""", "inputs.digitalInfrastructure" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task ScoreCountry_BadRequest_ProblemNamesTheField(string name, string body, string field)
    {
        var response = await _client.PostAsync("/v1/scores", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(text);
        var errors = problem.RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"{name}: expected an error for '{field}', got {errors}");
        Assert.True(messages.GetArrayLength() > 0);
        Assert.Equal(32, problem.RootElement.GetProperty("traceId").GetString()!.Length);
        Assert.DoesNotContain("   at ", text); // no stack trace
        Assert.DoesNotContain("System.", text); // no exception or type names
    }

    [Fact]
    public async Task ScoreCountry_MissingBody_Is400Problem()
    {
        var response = await _client.PostAsync("/v1/scores", new StringContent("", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ScoreCountry_WrongMediaType_Is415Problem()
    {
        var response = await _client.PostAsync("/v1/scores", new StringContent("""{"country":"RUS"}""", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ScoreCountry_UnknownMethodology_Is404Problem()
    {
        var response = await _client.PostAsync("/v1/scores", new StringContent(
            """{"country":"RUS","methodology":"no-such","inputs":{"innovation":10}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("no-such", problem.RootElement.GetProperty("detail").GetString());
        Assert.True(problem.RootElement.TryGetProperty("traceId", out _));
    }

    [Fact]
    public async Task ScoreCountry_CoverageBelowMinimum_Is422WithMissingNodes()
    {
        // Innovation alone carries 0.30 of the weight, below readiness-v1's minCoverage of 0.66.
        var response = await _client.PostAsync("/v1/scores", new StringContent(
            """{"country":"RUS","inputs":{"innovation":10}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(0.3, problem.RootElement.GetProperty("coverage").GetDouble(), 12);
        Assert.Equal(0.66, problem.RootElement.GetProperty("minCoverage").GetDouble(), 12);
        Assert.Equal(["implementation", "investment", "computeAccess"],
            problem.RootElement.GetProperty("missing").EnumerateArray().Select(e => e.GetString()!).ToArray());
    }
}
