using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ReadinessApi.Infrastructure.Caching;
using ReadinessApi.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ReadinessApi.Tests.Caching;

/// <summary>
/// Redis failing is routine: each test runs its own redis-server on its own port and stops, starts or
/// pauses it while requests flow. No request may fail or wait on Redis; X-Cache says bypass; one log
/// line per outage; /health/ready Degraded (200); caching resumes by itself within 10 seconds.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RedisOutageTests(ApiHost host, ITestOutputHelper output)
{
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(1);

    private readonly LogCollector _logs = new();

    private ApiFactory Factory(RedisServerProcess redis) => new ApiFactory(host.Redis)
        .WithSettings(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = redis.ConnectionString })
        .WithLogger(_logs);

    /// <summary>Every request the tests send while Redis misbehaves: a cached ranking, fresh rankings, a score against a cohort.</summary>
    private static readonly string[] Urls =
    [
        "/v1/cohorts/test-pillars/ranking",
        "/v1/cohorts/test-gaii/ranking",
        "/v1/cohorts/test-gaii/ranking?methodology=readiness-v1",
        "/v1/cohorts/test-pillars/ranking?methodology=readiness-v1-balanced",
        "/v1/cohorts/test-gaii/ranking?format=svg",
    ];

    private static async Task<(HttpStatusCode Status, string Cache, TimeSpan Took)> SendAsync(HttpClient client, string url)
    {
        var watch = Stopwatch.StartNew();
        var response = url == "score"
            ? await client.PostAsync("/v1/scores", new StringContent("""
                {"country":"CHN","cohort":"test-pillars","inputs":{"innovation":60,"implementation":60,"investment":60,"computeAccess":60}}
                """, Encoding.UTF8, "application/json"))
            : await client.GetAsync(url);
        await response.Content.ReadAsByteArrayAsync();
        return (response.StatusCode, response.Headers.TryGetValues("X-Cache", out var v) ? v.Single() : "", watch.Elapsed);
    }

    private static async Task<(HttpStatusCode Status, string RedisStatus)> ReadyAsync(HttpClient client)
    {
        var response = await client.GetAsync("/health/ready");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return (response.StatusCode, body.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString()!);
    }

    /// <summary>A ranking none of <see cref="Urls"/> asks for, so it is in no instance's memory.</summary>
    private const string FreshUrl = "/v1/cohorts/test-gaii/ranking?methodology=readiness-v1-balanced";

    /// <summary>
    /// Polls (sending the usual requests, which must all be answered promptly) until /health/ready says Redis
    /// is back; then a ranking nobody asked for yet must be stored in Redis (miss) and served from the cache (hit).
    /// </summary>
    private static async Task<TimeSpan> TimeUntilCachingResumesAsync(HttpClient client, RedisServerProcess redis, Stopwatch since)
    {
        while (true)
        {
            Assert.True(since.Elapsed < TimeSpan.FromSeconds(15), "Redis was not used again within 15 s");
            foreach (var url in Urls)
            {
                var (status, _, took) = await SendAsync(client, url);
                Assert.Equal(HttpStatusCode.OK, status);
                Assert.True(took < Prompt, $"{url} took {took} while Redis was coming back");
            }
            if ((await ReadyAsync(client)).RedisStatus == "Healthy")
            {
                break;
            }
            await Task.Delay(100);
        }
        var resumed = since.Elapsed;
        await using var inspect = await redis.ConnectAsync();
        Assert.Equal("miss", (await SendAsync(client, FreshUrl)).Cache);
        Assert.Single(inspect.GetServer(redis.ConnectionString).Keys(pattern: "readiness:v1:ranking:*"));
        Assert.Equal("hit", (await SendAsync(client, FreshUrl)).Cache);
        return resumed;
    }

    private int Warnings => _logs.Messages(nameof(RedisConnection), LogLevel.Warning).Count();

    [Fact]
    public async Task RedisStoppedMidRun_EveryRequestAnswered_OneLogLine_HitsResume()
    {
        await using var redis = new RedisServerProcess();
        await redis.StartAsync();
        await using var factory = Factory(redis);
        var client = factory.CreateClient();
        using var outages = new OutageCounter(factory.Services.GetRequiredService<IMeterFactory>());
        await WaitUntilAsync(() => factory.Services.GetRequiredService<RedisConnection>().IsAvailable);
        Assert.Equal("miss", (await SendAsync(client, Urls[0])).Cache);
        Assert.Equal("hit", (await SendAsync(client, Urls[0])).Cache);

        await redis.StopAsync();
        var outage = Stopwatch.StartNew();
        var seen = new List<string>();
        while (outage.Elapsed < TimeSpan.FromSeconds(4))
        {
            foreach (var url in Urls.Append("score"))
            {
                var (status, cache, took) = await SendAsync(client, url);
                Assert.Equal(HttpStatusCode.OK, status);
                Assert.True(took < Prompt, $"{url} took {took} with Redis down");
                seen.Add(cache);
            }
        }
        output.WriteLine($"{seen.Count} requests during the outage: {string.Join(",", seen.GroupBy(s => s).Select(g => $"{g.Key}={g.Count()}"))}");
        // The first request may race the disconnect; from then on the cache says it bypassed Redis.
        Assert.All(seen.Skip(2), cache => Assert.Equal("bypass", cache));
        Assert.Equal((HttpStatusCode.OK, "Degraded"), await ReadyAsync(client));
        Assert.Equal(1, Warnings);
        Assert.Equal(1, outages.Count);

        await redis.StartAsync();
        var resumed = await TimeUntilCachingResumesAsync(client, redis, Stopwatch.StartNew());
        output.WriteLine($"caching resumed {resumed.TotalSeconds:0.0} s after Redis restarted");
        Assert.True(resumed < TimeSpan.FromSeconds(10), $"caching resumed only after {resumed}");
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await ReadyAsync(client));
        Assert.Equal("hit", (await SendAsync(client, Urls[0])).Cache);
        Assert.Equal(1, Warnings);
        Assert.Single(_logs.Messages(nameof(RedisConnection), LogLevel.Information), m => m.Contains("answers again"));
    }

    [Fact]
    public async Task RedisDownAtStartup_AnsweredPromptly_Degraded_ThenResumes()
    {
        await using var redis = new RedisServerProcess();
        await using var factory = Factory(redis);
        var client = factory.CreateClient();

        for (int i = 0; i < 3; i++)
        {
            foreach (var url in Urls)
            {
                var (status, cache, took) = await SendAsync(client, url);
                Assert.Equal(HttpStatusCode.OK, status);
                Assert.Equal("bypass", cache);
                Assert.True(took < Prompt, $"{url} took {took} with Redis down");
            }
        }
        Assert.Equal((HttpStatusCode.OK, "Degraded"), await ReadyAsync(client));
        await WaitUntilAsync(() => Warnings == 1);

        await redis.StartAsync();
        var resumed = await TimeUntilCachingResumesAsync(client, redis, Stopwatch.StartNew());
        output.WriteLine($"caching resumed {resumed.TotalSeconds:0.0} s after Redis started");
        Assert.True(resumed < TimeSpan.FromSeconds(10), $"caching resumed only after {resumed}");
        Assert.Equal(1, Warnings);
    }

    [Fact]
    public async Task SlowRedis_RequestsDoNotWait_TheBreakerOpens()
    {
        await using var redis = new RedisServerProcess();
        await redis.StartAsync();
        await using var factory = Factory(redis);
        var client = factory.CreateClient();
        await WaitUntilAsync(() => factory.Services.GetRequiredService<RedisConnection>().IsAvailable);
        Assert.Equal("miss", (await SendAsync(client, Urls[0])).Cache);

        // Redis stops answering every client for 4 s (the connection stays open: only timeouts tell). The
        // pause lasts while the client that asked for it stays connected.
        await using var admin = await redis.ConnectAsync();
        await admin.GetServer(redis.ConnectionString).ExecuteAsync("CLIENT", "PAUSE", "4000", "ALL");
        var times = new List<TimeSpan>();
        foreach (var url in Urls.Skip(1).Append("score").Concat(Urls))
        {
            var (status, cache, took) = await SendAsync(client, url);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("bypass", cache);
            times.Add(took);
        }
        output.WriteLine("request times while Redis was paused (ms): " + string.Join(", ", times.Select(t => (int)t.TotalMilliseconds)));
        // At most the Redis timeout (250 ms) per request until the breaker opens (two failures); then no wait at all.
        Assert.All(times, t => Assert.True(t < Prompt, $"a request took {t}"));
        Assert.All(times.Skip(3), t => Assert.True(t < TimeSpan.FromMilliseconds(200), $"a request took {t} after the breaker should have opened"));
        Assert.Equal(1, Warnings);
        Assert.Contains("timeout", _logs.Messages(nameof(RedisConnection), LogLevel.Warning).Single());
    }

    [Fact]
    public async Task SlowRedis_AfterManySuccesses_RequestsStopWaitingAtOnce()
    {
        // Every cached request goes to Redis (no in-memory copy), as under load: hundreds of successes in
        // the breaker's sampling window keep its failure ratio low; the failures in a row must still begin
        // the outage after the first few timeouts (bench/load/faults.sh found each request paying the
        // 250 ms timeout for about 5 s when Redis stalled under load).
        await using var redis = new RedisServerProcess();
        await redis.StartAsync();
        await using var factory = Factory(redis).WithSettings(new Dictionary<string, string?> { ["Cache:LocalTtl"] = "00:00:00" });
        var client = factory.CreateClient();
        await WaitUntilAsync(() => factory.Services.GetRequiredService<RedisConnection>().IsAvailable);
        for (int i = 0; i < 300; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, Urls[i % 2])).Status);
        }
        Assert.Equal("hit", (await SendAsync(client, Urls[0])).Cache);

        await using var admin = await redis.ConnectAsync();
        await admin.GetServer(redis.ConnectionString).ExecuteAsync("CLIENT", "PAUSE", "3000", "ALL");
        var times = new List<TimeSpan>();
        for (int i = 0; i < 12; i++)
        {
            var (status, cache, took) = await SendAsync(client, Urls[i % 2]);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("bypass", cache);
            times.Add(took);
        }
        output.WriteLine("request times while Redis was paused (ms): " + string.Join(", ", times.Select(t => (int)t.TotalMilliseconds)));
        // One Redis timeout per request for the first three (CacheOptions.ConsecutiveFailures), then no wait.
        Assert.All(times, t => Assert.True(t < Prompt, $"a request took {t}"));
        Assert.All(times.Skip(3), t => Assert.True(t < TimeSpan.FromMilliseconds(200), $"a request took {t} after three timeouts in a row"));
        Assert.Equal(1, Warnings);
        Assert.Contains("timeout", _logs.Messages(nameof(RedisConnection), LogLevel.Warning).Single());
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), "condition not reached within 10 s");
            await Task.Delay(20);
        }
    }

    /// <summary>Counts readiness.cache.redis.outages from one host's meter factory (other hosts in the run have their own).</summary>
    private sealed class OutageCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _count;

        public OutageCounter(IMeterFactory scope)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Scope == scope && instrument.Name == "readiness.cache.redis.outages")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _count, value));
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
