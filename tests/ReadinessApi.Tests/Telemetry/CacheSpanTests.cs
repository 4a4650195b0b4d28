using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Instrumentation.StackExchangeRedis;
using ReadinessApi.Infrastructure.Caching;
using ReadinessApi.Tests.Infrastructure;

namespace ReadinessApi.Tests.Telemetry;

/// <summary>
/// The spans of a cached operation (a cohort ranking) on a miss, on a hit from Redis (another instance)
/// and on a hit from this instance's memory, with the Redis commands under the cache spans.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CacheSpanTests(ApiHost host)
{
    private const string Header = "country,name,innovation,implementation,investment,computeAccess\n";

    /// <summary>A cohort nobody else ranks, so its first ranking is a miss everywhere.</summary>
    private static (string Dir, string Id) UniqueCohort()
    {
        var id = "telemetry-" + Guid.NewGuid().ToString("N")[..8];
        var dir = CohortFolders.Create(($"{id}.csv", Header + "RUS,Russia,18.5,33,9,6\nDEU,Germany,40,60,30,70\n"),
            ($"{id}.json", """{"methodology":"readiness-v1"}"""));
        return (dir, id);
    }

    private InMemoryTracingFactory Factory(string cohortDir)
    {
        var factory = new InMemoryTracingFactory(host.Redis, services =>
            services.Configure<StackExchangeRedisInstrumentationOptions>(o => o.FlushInterval = TimeSpan.FromMilliseconds(200)));
        factory.WithSettings(new Dictionary<string, string?> { ["Cohorts:Directory"] = cohortDir });
        return factory;
    }

    private static async Task<HttpClient> ConnectedClientAsync(InMemoryTracingFactory factory)
    {
        var client = factory.CreateClient();
        var redis = factory.Services.GetRequiredService<RedisConnection>();
        for (var i = 0; i < 500 && !redis.IsAvailable; i++)
        {
            await Task.Delay(20);
        }
        Assert.True(redis.IsAvailable, "the host did not connect to Redis within 10 s");
        return client;
    }

    private static async Task<TraceParent> RankAsync(HttpClient client, string id, string expectedCache)
    {
        var trace = TraceParent.New();
        var response = await client.SendAsync(trace.Get($"/v1/cohorts/{id}/ranking"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expectedCache, response.Headers.GetValues("X-Cache").Single());
        return trace;
    }

    private static bool IsRedis(Activity a) => a.Source.Name.Contains("Redis", StringComparison.Ordinal);

    [Fact]
    public async Task Ranking_MissThenHits_CacheSpansWithRedisCommandsUnderThem()
    {
        var (dir, id) = UniqueCohort();
        await using var first = Factory(dir);
        var client = await ConnectedClientAsync(first);

        // Miss: look up (GET under readiness.cache.get), compute, store (SET under readiness.cache.set).
        var miss = await RankAsync(client, id, "miss");
        var server = await first.WaitForSpanAsync(miss, a => a.Kind == ActivityKind.Server, "the server span");
        var get = await first.WaitForSpanAsync(miss, a => a.OperationName == "readiness.cache.get", "readiness.cache.get");
        var set = await first.WaitForSpanAsync(miss, a => a.OperationName == "readiness.cache.set", "readiness.cache.set");
        Assert.Equal(server.SpanId, get.ParentSpanId);
        Assert.Equal(server.SpanId, set.ParentSpanId);
        Assert.True(get.StartTimeUtc + get.Duration <= set.StartTimeUtc, "the lookup ends before the store begins");
        Assert.Equal(("ranking", "miss"), (get.GetTagItem("readiness.cache.kind"), get.GetTagItem("readiness.cache.outcome")));
        Assert.Equal("ranking", set.GetTagItem("readiness.cache.kind"));
        var redisGet = await first.WaitForSpanAsync(miss, a => IsRedis(a) && a.ParentSpanId == get.SpanId, "the Redis GET under the lookup");
        var redisSet = await first.WaitForSpanAsync(miss, a => IsRedis(a) && a.ParentSpanId == set.SpanId, "the Redis SET under the store");
        Assert.Equal("GET", redisGet.DisplayName);
        Assert.StartsWith("SET", redisSet.DisplayName, StringComparison.Ordinal);
        Assert.Equal(ActivityKind.Client, redisGet.Kind);

        // Hit from Redis: another instance, its memory empty, finds the stored ranking; nothing is stored.
        await using var second = Factory(dir);
        var hit = await RankAsync(await ConnectedClientAsync(second), id, "hit");
        var secondServer = await second.WaitForSpanAsync(hit, a => a.Kind == ActivityKind.Server, "the second server span");
        var hitGet = await second.WaitForSpanAsync(hit, a => a.OperationName == "readiness.cache.get", "readiness.cache.get on the hit");
        Assert.Equal(secondServer.SpanId, hitGet.ParentSpanId);
        Assert.Equal("hit", hitGet.GetTagItem("readiness.cache.outcome"));
        await second.WaitForSpanAsync(hit, a => IsRedis(a) && a.ParentSpanId == hitGet.SpanId && a.DisplayName == "GET", "the Redis GET under the hit");
        Assert.DoesNotContain(second.SpansOf(hit), a => a.OperationName == "readiness.cache.set");

        // Hit from memory: no Redis command, so no cache span; the request's span says what the cache did.
        var memory = await RankAsync(client, id, "hit");
        var memoryServer = await first.WaitForSpanAsync(memory, a => a.Kind == ActivityKind.Server, "the memory hit's server span");
        Assert.Equal("hit", memoryServer.GetTagItem("readiness.cache.outcome"));
        Assert.DoesNotContain(first.SpansOf(memory), a => a.OperationName.StartsWith("readiness.cache.", StringComparison.Ordinal) || IsRedis(a));

        // And the counters the dashboard's hit ratio reads.
        var scrape = await PrometheusScrape.GetAsync(client);
        Assert.Contains(scrape.Of("readiness_cache_misses_total"), s => s.Labels["readiness_cache_kind"] == "ranking" && s.Value >= 1);
        Assert.Contains(scrape.Of("readiness_cache_hits_total"), s => s.Labels["readiness_cache_kind"] == "ranking" && s.Value >= 2);
    }
}
