using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ReadinessApi.Tests.Infrastructure;

namespace ReadinessApi.Tests.Errors;

/// <summary>
/// Every error is a problem document with its trace id and instance, whatever the client said it accepts,
/// and the common mistakes (no body, the wrong Content-Type) are named in it.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ProblemResponsesTests(ApiHost host)
{
    private const string ValidScore = """{"country":"RUS","inputs":{"innovation":18.5,"implementation":33.0,"investment":9.0,"computeAccess":6.0}}""";

    public static TheoryData<string, string, string?, string, int> ErrorsUnderAnyAccept()
    {
        var data = new TheoryData<string, string, string?, string, int>();
        string[] accepts = ["application/json", "text/csv", "application/xml", "image/svg+xml", "text/html", "text/plain;q=0.5"];
        foreach (var accept in accepts)
        {
            // method, path, body (JSON), Accept, expected status
            data.Add("GET", "/v1/methodologies/no-such", null, accept, 404);
            data.Add("GET", "/v1/cohorts/no-such/ranking", null, accept, 404);
            data.Add("POST", "/v1/scores", """{"country":"XXX","inputs":{"innovation":10}}""", accept, 400);
            data.Add("POST", "/v1/scores", """{"country":"RUS","inputs":{"innovation":1""", accept, 400);
            data.Add("POST", "/v1/scores", "", accept, 400);
            data.Add("POST", "/v1/scores/compare", "{}", accept, 400);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ErrorsUnderAnyAccept))]
    public async Task Problem_AnyAcceptHeader_CarriesTraceIdAndInstance(string method, string path, string? body, string accept, int status)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        request.Headers.Accept.ParseAdd(accept);

        var response = await host.CreateClient().SendAsync(request);

        var problem = await AssertProblem(response, status);
        Assert.Equal(path, problem.GetProperty("instance").GetString());
    }

    [Theory]
    [InlineData("/v1/scores")]
    [InlineData("/v1/scores/compare")]
    [InlineData("/v1/sensitivity")]
    public async Task JsonOperation_EmptyBody_Is400NamingTheBody(string path)
    {
        var response = await host.CreateClient().PostAsync(path, new StringContent("", Encoding.UTF8, "application/json"));

        var problem = await AssertProblem(response, 400);
        var errors = problem.GetProperty("errors");
        Assert.Contains("body is required", errors.GetProperty("$")[0].GetString());
    }

    [Fact]
    public async Task ScoreCountry_NoContentTypeNoBody_Is400NamingTheBody()
    {
        var response = await host.CreateClient().PostAsync("/v1/scores", null);

        var problem = await AssertProblem(response, 400);
        Assert.Contains("body is required", problem.GetProperty("errors").GetProperty("$")[0].GetString());
    }

    [Theory]
    [InlineData("/v1/scores", "text/plain")]
    [InlineData("/v1/scores", "application/xml")]
    [InlineData("/v1/scores", "text/csv")]
    [InlineData("/v1/scores", "application/x-www-form-urlencoded")]
    [InlineData("/v1/scores", null)]
    [InlineData("/v1/scores/compare", "text/plain")]
    [InlineData("/v1/sensitivity", "application/x-ndjson")]
    public async Task JsonOperation_WrongContentType_Is415NamingTheContentType(string path, string? contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(ValidScore));
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        var response = await host.CreateClient().PostAsync(path, content);

        var problem = await AssertProblem(response, 415);
        Assert.Contains("Content-Type", problem.GetProperty("detail").GetString());
        Assert.Contains("application/json", problem.GetProperty("detail").GetString());
    }

    private static async Task<JsonElement> AssertProblem(HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.Equal(32, problem.GetProperty("traceId").GetString()!.Length);
        Assert.True(problem.TryGetProperty("instance", out _), text);
        return problem;
    }
}
