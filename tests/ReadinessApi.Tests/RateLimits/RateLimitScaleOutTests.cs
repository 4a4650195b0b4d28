using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ReadinessApi.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ReadinessApi.Tests.RateLimits;

/// <summary>
/// Rate limits as they run in Kubernetes: replicas on real Kestrel behind a proxy (loopback here), one
/// Redis that every replica draws its budgets from. Each test runs its own redis-server, so budgets start
/// full and the test may kill it; clients are told apart by the X-Forwarded-For a trusted proxy sends.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RateLimitScaleOutTests(ApiHost host, ITestOutputHelper output)
{
    private const string ScoreBody = """{"country":"RUS","inputs":{"innovation":18.5,"implementation":33,"investment":9,"computeAccess":6}}""";
    private const string SensitivityBody = """{"methodology":"readiness-v1","draws":20,"seed":7,"items":[{"country":"RUS","inputs":{"innovation":18.5,"implementation":33,"investment":9,"computeAccess":6}},{"country":"DEU","inputs":{"innovation":40,"implementation":60,"investment":30,"computeAccess":70}}]}""";

    private static Dictionary<string, string?> Settings(RedisServerProcess redis, params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = redis.ConnectionString,
            ["RateLimiting:Enabled"] = "true",
            // Slow refills: within a test the budgets are (almost) their bursts, so counts are exact.
            ["RateLimiting:StandardPermitsPerSecond"] = "1",
            ["RateLimiting:StandardBurst"] = "40",
            ["RateLimiting:HeavyPermitsPerMinute"] = "1",
            ["RateLimiting:HeavyBurst"] = "20",
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }
        return settings;
    }

    private static HttpRequestMessage Post(string path, string body, string? forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }
        return request;
    }

    private static HttpRequestMessage Score(string? forwardedFor = null) => Post("/v1/scores", ScoreBody, forwardedFor);

    private static HttpRequestMessage Sensitivity(string? forwardedFor = null) => Post("/v1/sensitivity", SensitivityBody, forwardedFor);

    /// <summary>Sends <paramref name="count"/> requests, alternating over the replicas; every answer must be 200 or 429, promptly.</summary>
    private static async Task<int> CountGrantedAsync(IReadOnlyList<Replica> replicas, int count, Func<HttpRequestMessage> request)
    {
        int granted = 0;
        for (int i = 0; i < count; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await replicas[i % replicas.Count].Client.SendAsync(request());
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, $"request {i}: {(int)response.StatusCode} {body}");
            // Far above Redis's command timeout (250 ms), far below a request stuck on Redis; the machine is shared.
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"request {i} took {watch.Elapsed}");
            granted += response.StatusCode == HttpStatusCode.OK ? 1 : 0;
        }
        return granted;
    }

    /// <summary>The first request of a replica compiles its path; it should not count against the time bound.</summary>
    private static async Task WarmUpAsync(IEnumerable<Replica> replicas)
    {
        foreach (var replica in replicas)
        {
            (await replica.Client.SendAsync(Score("192.0.2.1"))).Dispose();
        }
    }

    private static async Task<bool> RedisHealthyAsync(Replica replica)
    {
        using var response = await replica.Client.GetAsync("/health/ready");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString() == "Healthy";
    }

    [Fact]
    public async Task ForwardedFor_FromUnknownPeer_DoesNotChangeTheClient()
    {
        await using var redis = new RedisServerProcess();
        await redis.StartAsync();
        // Loopback is not a trusted proxy here: the framework would trust it by default, this service does not.
        await using var replica = Replica.Start(host.Redis, Settings(redis,
            ("RateLimiting:StandardBurst", "5"), ("ForwardedHeaders:KnownProxies:0", "10.9.8.7")));

        // Each request claims another client; all of them are the one peer, with one budget of 5.
        int granted = await CountGrantedAsync([replica], 12, () => Score($"198.51.100.{Random.Shared.Next(1, 250)}"));
        Assert.InRange(granted, 5, 6);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await replica.Client.SendAsync(Score())).StatusCode);
    }

    [Theory]
    [InlineData("ForwardedHeaders:KnownProxies:0", "127.0.0.1")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "127.0.0.0/8")]
    public async Task ForwardedFor_FromKnownProxy_GivesEachClientItsOwnBudget(string setting, string proxy)
    {
        await using var redis = new RedisServerProcess();
        await redis.StartAsync();
        await using var replica = Replica.Start(host.Redis, Settings(redis, ("RateLimiting:StandardBurst", "5"), (setting, proxy)));

        Assert.InRange(await CountGrantedAsync([replica], 10, () => Score("203.0.113.1")), 5, 6);
        // Another client behind the same proxy still has its whole budget.
        Assert.InRange(await CountGrantedAsync([replica], 10, () => Score("203.0.113.2")), 5, 6);
        // A client cannot escape by forging an earlier hop: only the entry the proxy appended is believed.
        Assert.Equal(0, await CountGrantedAsync([replica], 3, () => Score("192.0.2.77, 203.0.113.1")));
        // Nor by leaving the header out: then it is the proxy itself, a third budget.
        Assert.InRange(await CountGrantedAsync([replica], 10, () => Score()), 5, 6);
    }

    [Fact]
    public async Task HeavyBudget_TwoReplicas_IsSharedNotDoubled()
    {
        await using var redis = new RedisServerProcess();
        await redis.StartAsync();
        var settings = Settings(redis, ("ForwardedHeaders:KnownProxies:0", "127.0.0.1"));
        await using var a = Replica.Start(host.Redis, settings);
        await using var b = Replica.Start(host.Redis, settings);
        await WarmUpAsync([a, b]);

        int granted = await CountGrantedAsync([a, b], 60, () => Sensitivity("203.0.113.10"));
        output.WriteLine($"heavy budget 20: {granted} of 60 granted across two replicas");
        // The documented 20 (±10%), not 2 × 20.
        Assert.InRange(granted, 18, 22);
        // The bucket is in Redis, under the service's key scheme.
        await using var inspect = await redis.ConnectAsync();
        var keys = inspect.GetServer(inspect.GetEndPoints()[0]).Keys(pattern: "*readiness:v1:ratelimit:heavy:*:ip:203.0.113.10*").ToList();
        Assert.NotEmpty(keys);
    }

    [Fact]
    public async Task RedisKilledMidRun_LocalLimitsWithNoFailure_ThenSharedAgain()
    {
        await using var redis = new RedisServerProcess();
        await redis.StartAsync();
        var logs = new LogCollector();
        // 4 expected replicas: alone, each of the two enforces a quarter of the budget, so that local
        // limits (2 × 10) and the shared budget (40) can be told apart.
        var settings = Settings(redis, ("ForwardedHeaders:KnownProxies:0", "127.0.0.1"), ("RateLimiting:ExpectedReplicas", "4"));
        await using var a = Replica.Start(host.Redis, settings, logs);
        await using var b = Replica.Start(host.Redis, settings, logs);
        Replica[] replicas = [a, b];
        await WarmUpAsync(replicas);

        int shared = await CountGrantedAsync(replicas, 80, () => Score("203.0.113.20"));
        output.WriteLine($"shared: {shared} of 80");
        Assert.InRange(shared, 36, 44);

        await redis.StopAsync(); // SIGKILL
        int local = await CountGrantedAsync(replicas, 80, () => Score("203.0.113.21"));
        output.WriteLine($"Redis killed: {local} of 80");
        Assert.InRange(local, 18, 24);

        await redis.StartAsync();
        var since = Stopwatch.StartNew();
        // Requests go on meanwhile, all answered (the connection's probe, not requests, notices Redis is back).
        while (!(await RedisHealthyAsync(a) && await RedisHealthyAsync(b)))
        {
            Assert.True(since.Elapsed < TimeSpan.FromSeconds(20), "the replicas did not use Redis again within 20 s");
            await CountGrantedAsync(replicas, 4, () => Score("203.0.113.22"));
            await Task.Delay(200);
        }
        int again = await CountGrantedAsync(replicas, 80, () => Score("203.0.113.23"));
        output.WriteLine($"Redis back after {since.Elapsed.TotalSeconds:0.0} s: {again} of 80");
        Assert.InRange(again, 36, 44);

        // Once each replica at the start of the outage and once at its end.
        Assert.Equal(2, logs.Messages("RateLimitBudgets", LogLevel.Warning).Count(m => m.Contains("Redis is unavailable", StringComparison.Ordinal)));
        Assert.Equal(2, logs.Messages("RateLimitBudgets", LogLevel.Information).Count(m => m.Contains("shared through Redis again", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SlowRedis_RequestsDoNotWait_LocalLimitsHold_ThenSharedAgain()
    {
        await using var redis = new RedisServerProcess();
        await redis.StartAsync();
        var settings = Settings(redis, ("ForwardedHeaders:KnownProxies:0", "127.0.0.1"), ("RateLimiting:ExpectedReplicas", "4"));
        await using var a = Replica.Start(host.Redis, settings);
        await using var b = Replica.Start(host.Redis, settings);
        Replica[] replicas = [a, b];
        await WarmUpAsync(replicas);

        await using var admin = await redis.ConnectAsync();
        // Redis answers nobody for 3 s: every command would wait for it.
        await admin.GetServer(redis.ConnectionString).ExecuteAsync("CLIENT", "PAUSE", "3000", "ALL");
        var watch = Stopwatch.StartNew();
        int granted = await CountGrantedAsync(replicas, 40, () => Score("203.0.113.40"));
        output.WriteLine($"Redis paused: {granted} of 40 in {watch.ElapsedMilliseconds} ms");
        // A few requests pay the 250 ms command timeout, then the outage begins and none waits; each replica
        // enforces its quarter of the budget (10), so the client gets 20, not 40.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"40 requests took {watch.Elapsed} while Redis was paused");
        Assert.InRange(granted, 18, 24);

        var since = Stopwatch.StartNew();
        while (!(await RedisHealthyAsync(a) && await RedisHealthyAsync(b)))
        {
            Assert.True(since.Elapsed < TimeSpan.FromSeconds(20), "the replicas did not use Redis again within 20 s");
            await Task.Delay(200);
        }
        Assert.InRange(await CountGrantedAsync(replicas, 80, () => Score("203.0.113.41")), 36, 44);
    }

    [Fact]
    public async Task NotFoundAndWrongMethod_CostNoBudget_AndRefusalIsATypedProblem()
    {
        await using var redis = new RedisServerProcess();
        await redis.StartAsync();
        await using var replica = Replica.Start(host.Redis, Settings(redis, ("RateLimiting:HeavyBurst", "2")));
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, (await replica.Client.GetAsync("/v1/sensitivity")).StatusCode);
            Assert.Equal(HttpStatusCode.MethodNotAllowed, (await replica.Client.GetAsync("/v1/scores/batch")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await replica.Client.SendAsync(Post("/v1/sensitivity/nothing-here", SensitivityBody, null))).StatusCode);
        }
        Assert.Equal(2, await CountGrantedAsync([replica], 2, () => Sensitivity()));

        using var refused = await replica.Client.SendAsync(Sensitivity());
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "Retry-After must say when to come back");
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("https://tools.ietf.org/html/rfc6585#section-4", problem.RootElement.GetProperty("type").GetString());
        Assert.Equal(429, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("traceId").GetString()));
    }
}
