using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ReadinessApi.Tests.Infrastructure;

namespace ReadinessApi.Tests.Security;

/// <summary>API keys, rate limits, response headers and transport limits, each on a host configured for it.</summary>
[Collection(ApiCollection.Name)]
public sealed class SecurityTests(ApiHost host)
{
    private const string ScoreBody = """{"country":"RUS","inputs":{"innovation":18.5,"implementation":33,"investment":9,"computeAccess":6}}""";
    private const string FullKey = "full-key-0123456789";
    private const string ScoreOnlyKey = "score-only-key-9876543210";

    private static string Sha256(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static HttpRequestMessage Score(string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/scores") { Content = new StringContent(ScoreBody, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }
        return request;
    }

    private ApiFactory KeyedFactory() => new ApiFactory(host.Redis).WithSettings(new Dictionary<string, string?>
    {
        ["ApiKeys:Enabled"] = "true",
        ["ApiKeys:Keys:0:Name"] = "analyst",
        ["ApiKeys:Keys:0:Hash"] = Sha256(FullKey),
        ["ApiKeys:Keys:1:Name"] = "score-app",
        ["ApiKeys:Keys:1:Hash"] = Sha256(ScoreOnlyKey).ToUpperInvariant(),
        ["ApiKeys:Keys:1:Operations:0"] = "ScoreCountry",
    });

    [Fact]
    public async Task ApiKeys_Enabled_MissingOrWrongKeyIs401Problem()
    {
        await using var factory = KeyedFactory();
        var client = factory.CreateClient();
        foreach (var key in new string?[] { null, "", "wrong-key", FullKey + "x" })
        {
            var response = await client.SendAsync(Score(key));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("X-Api-Key", response.Headers.WwwAuthenticate.ToString());
        }
    }

    [Fact]
    public async Task ApiKeys_Enabled_ValidKeysReachTheirOperationsOnly()
    {
        await using var factory = KeyedFactory();
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Score(FullKey))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Score(ScoreOnlyKey))).StatusCode);

        var listFull = new HttpRequestMessage(HttpMethod.Get, "/v1/methodologies");
        listFull.Headers.Add("X-Api-Key", FullKey);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(listFull)).StatusCode);

        var listLimited = new HttpRequestMessage(HttpMethod.Get, "/v1/methodologies");
        listLimited.Headers.Add("X-Api-Key", ScoreOnlyKey);
        var forbidden = await client.SendAsync(listLimited);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("application/problem+json", forbidden.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ApiKeys_KeyForScoreBatch_MayUploadWithPutToo()
    {
        // The contract documents the PUT as its own operation (UploadBatch); keys name the endpoint, which is one.
        await using var factory = new ApiFactory(host.Redis).WithSettings(new Dictionary<string, string?>
        {
            ["ApiKeys:Enabled"] = "true",
            ["ApiKeys:Keys:0:Name"] = "batch-team",
            ["ApiKeys:Keys:0:Hash"] = Sha256(FullKey),
            ["ApiKeys:Keys:0:Operations:0"] = "ScoreBatch",
        });
        var client = factory.CreateClient();
        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Put })
        {
            var request = new HttpRequestMessage(method, "/v1/scores/batch")
            {
                Content = new StringContent("country,innovation\nRUS,18.5\n", Encoding.UTF8, "text/csv"),
            };
            request.Headers.Add("X-Api-Key", FullKey);
            var response = await client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task ApiKeys_Enabled_HealthNeedsNoKey()
    {
        await using var factory = KeyedFactory();
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task ApiKeys_EnabledWithoutKeys_StopsStartUp()
    {
        await using var factory = new ApiFactory(host.Redis).WithSettings(new Dictionary<string, string?> { ["ApiKeys:Enabled"] = "true" });
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("ApiKeys", error.ToString());
    }

    [Fact]
    public async Task RateLimit_BudgetSpent_Is429WithRetryAfter()
    {
        await using var factory = new ApiFactory(host.Redis).WithSettings(new Dictionary<string, string?>
        {
            ["RateLimiting:Enabled"] = "true",
            ["RateLimiting:StandardBurst"] = "3",
            ["RateLimiting:StandardPermitsPerSecond"] = "1",
        });
        var client = factory.CreateClient();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? rejected = null;
        for (int i = 0; i < 6; i++)
        {
            var response = await client.SendAsync(Score());
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                rejected ??= response;
            }
        }
        Assert.Equal(HttpStatusCode.OK, statuses[0]);
        Assert.NotNull(rejected);
        Assert.True(rejected.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "Retry-After must say when to come back");
        Assert.Equal("application/problem+json", rejected.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await rejected.Content.ReadAsStringAsync());
        Assert.Equal(429, problem.RootElement.GetProperty("status").GetInt32());
        Assert.True(problem.RootElement.TryGetProperty("traceId", out _));
        // Health is never rate limited.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task Responses_CarrySecurityHeaders()
    {
        var response = await host.CreateClient().SendAsync(Score());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task Cors_ClosedByDefault_OpenForConfiguredOrigin()
    {
        var preflight = () =>
        {
            var r = new HttpRequestMessage(HttpMethod.Options, "/v1/scores");
            r.Headers.Add("Origin", "https://app.example");
            r.Headers.Add("Access-Control-Request-Method", "POST");
            return r;
        };
        var closed = await host.CreateClient().SendAsync(preflight());
        Assert.False(closed.Headers.Contains("Access-Control-Allow-Origin"));

        await using var factory = new ApiFactory(host.Redis).WithSettings(new Dictionary<string, string?> { ["Limits:CorsOrigins:0"] = "https://app.example" });
        var open = await factory.CreateClient().SendAsync(preflight());
        Assert.Equal("https://app.example", open.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }
}
