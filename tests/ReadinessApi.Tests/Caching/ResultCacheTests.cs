using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ReadinessApi.Cohorts;
using ReadinessApi.Infrastructure.Caching;
using ReadinessApi.Scoring;
using ReadinessApi.Scoring.Cohorts;
using ReadinessApi.Tests.Infrastructure;
using StackExchange.Redis;

namespace ReadinessApi.Tests.Caching;

/// <summary>The result cache against the shared real Redis: misses, hits, the documented keys, lifetimes and staleness.</summary>
[Collection(ApiCollection.Name)]
public sealed class ResultCacheTests(ApiHost host)
{
    private const string Header = "country,name,innovation,implementation,investment,computeAccess\n";
    private IDatabase Redis => host.Redis.Connection.GetDatabase();

    /// <summary>A cohort nobody else ranks, so its first ranking is always a miss (the value makes its hash unique).</summary>
    private static (string Dir, string Id) UniqueCohort(double value = 50)
    {
        var id = "cache-" + Guid.NewGuid().ToString("N")[..8];
        var dir = CohortFolders.Create(($"{id}.csv", Header + $"RUS,Russia,18.5,33,9,6\nDEU,Germany,{value},60,30,70\n"), ($"{id}.json", """{"methodology":"readiness-v1"}"""));
        return (dir, id);
    }

    private ApiFactory Factory(string cohortDir) =>
        new ApiFactory(host.Redis).WithSettings(new Dictionary<string, string?> { ["Cohorts:Directory"] = cohortDir });

    private static async Task<(string Cache, JsonElement Body)> RankAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (response.Headers.GetValues("X-Cache").Single(), JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    /// <summary>The shared host connects to Redis in the background; until it has, its cache (rightly) bypasses Redis.</summary>
    private Task<IServiceProvider> ConnectedServicesAsync() => ConnectedAsync(host.Factory);

    private static async Task<IServiceProvider> ConnectedAsync(ApiFactory factory)
    {
        var services = factory.Services;
        var redis = services.GetRequiredService<RedisConnection>();
        for (int i = 0; i < 500 && !redis.IsAvailable; i++)
        {
            await Task.Delay(20);
        }
        Assert.True(redis.IsAvailable, "the host did not connect to Redis within 10 s");
        return services;
    }

    /// <summary>The key scheme as the README documents it, computed here independently of the service's code.</summary>
    private static string DocumentedKey(string kind, params string[] parts)
    {
        using var buffer = new MemoryStream();
        foreach (var part in parts.Prepend(kind))
        {
            var bytes = Encoding.UTF8.GetBytes(part);
            var length = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(length, (uint)bytes.Length);
            buffer.Write(length);
            buffer.Write(bytes);
        }
        return $"readiness:v1:{kind}:{Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()))}";
    }

    [Fact]
    public async Task Ranking_MissThenHit_StoredUnderTheDocumentedKeyWithItsLifetime()
    {
        var (dir, id) = UniqueCohort();
        await using var factory = Factory(dir);
        var client = factory.CreateClient();
        await ConnectedAsync(factory);
        var cohortHash = (await client.GetFromJsonAsync<JsonElement>($"/v1/cohorts/{id}")).GetProperty("hash").GetString()!;
        var methodologyHash = (await client.GetFromJsonAsync<JsonElement>("/v1/methodologies/readiness-v1")).GetProperty("hash").GetString()!;
        var key = DocumentedKey("ranking", "2", methodologyHash, id, cohortHash);
        Assert.False(await Redis.KeyExistsAsync(key));

        var (first, firstBody) = await RankAsync(client, $"/v1/cohorts/{id}/ranking");
        var (second, secondBody) = await RankAsync(client, $"/v1/cohorts/{id}/ranking");

        Assert.Equal("miss", first);
        Assert.Equal("hit", second);
        Assert.Equal(firstBody.GetRawText(), secondBody.GetRawText());
        Assert.True(await Redis.KeyExistsAsync(key), $"expected {key} in Redis");
        var ttl = await Redis.KeyTimeToLiveAsync(key);
        Assert.InRange(ttl!.Value, TimeSpan.FromHours(24) - TimeSpan.FromMinutes(1), TimeSpan.FromHours(24));
        byte[] payload = (await Redis.StringGetAsync(key))!;
        Assert.Equal(3, payload[0]); // a small ranking: the compact encoding, uncompressed
        Assert.Contains("Germany", Encoding.UTF8.GetString(payload, 1, payload.Length - 1));

        // Another instance (empty memory) finds it in Redis.
        await using var other = Factory(dir);
        await ConnectedAsync(other);
        var (fromRedis, fromRedisBody) = await RankAsync(other.CreateClient(), $"/v1/cohorts/{id}/ranking");
        Assert.Equal("hit", fromRedis);
        Assert.Equal(firstBody.GetRawText(), fromRedisBody.GetRawText());
    }

    [Fact]
    public async Task ChangedCohort_NeverReturnsTheOldRanking()
    {
        var (dir, id) = UniqueCohort(value: 50);
        await using (var before = Factory(dir))
        {
            await ConnectedAsync(before);
            var (_, body) = await RankAsync(before.CreateClient(), $"/v1/cohorts/{id}/ranking");
            Assert.Equal("DEU", body[0].GetProperty("country").GetString());
        }
        // The deployment changes the table (same id); the new instance must not serve the cached ranking.
        File.WriteAllText(Path.Combine(dir, $"{id}.csv"), Header + "RUS,Russia,18.5,33,9,6\nDEU,Germany,0,0,0,0\n");
        await using var after = Factory(dir);
        await ConnectedAsync(after);
        var (cache, changed) = await RankAsync(after.CreateClient(), $"/v1/cohorts/{id}/ranking");
        Assert.Equal("miss", cache);
        Assert.Equal("RUS", changed[0].GetProperty("country").GetString());
        Assert.Equal(0, changed[1].GetProperty("score").GetDouble());
    }

    [Fact]
    public async Task ChangedMethodology_NeverReturnsTheOldRanking()
    {
        var services = await ConnectedServicesAsync();
        var rankings = services.GetRequiredService<CohortRankings>();
        var (dir, id) = UniqueCohort();
        var cohort = CohortParser.Parse(id, id, File.ReadAllText(Path.Combine(dir, id + ".csv")), null, MethodologyCatalog.Embedded);
        var m = services.GetRequiredService<MethodologyCatalog>()["readiness-v1"];
        var derived = m.WithWeights(new Dictionary<string, double> { ["computeAccess"] = 5 });

        var original = await rankings.GetAsync(cohort, m);
        var reweighted = await rankings.GetAsync(cohort, derived);

        Assert.NotEqual(m.Hash, derived.Hash);
        Assert.Equal(CacheOutcome.Miss, reweighted.Outcome);
        Assert.Equal(derived.Hash, reweighted.Value.MethodologyHash);
        Assert.NotEqual(original.Value.Members[1].Score, reweighted.Value.Members.Single(x => x.Country == original.Value.Members[1].Country).Score);
        Assert.NotEqual(CohortRankings.KeyOf(cohort, m).RedisKey, CohortRankings.KeyOf(cohort, derived).RedisKey);
    }

    [Fact]
    public async Task ConcurrentRequestsForOneKey_ComputeOnce()
    {
        var cache = (await ConnectedServicesAsync()).GetRequiredService<ResultCache>();
        var key = "stampede-" + Guid.NewGuid();
        int computed = 0;
        async ValueTask<string[]> Slow(CancellationToken ct)
        {
            Interlocked.Increment(ref computed);
            await Task.Delay(300, ct);
            return ["computed", key];
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ =>
            Task.Run(async () => await cache.GetOrCreateAsync(CacheKey.For("test").Add(key), Slow))));

        Assert.Equal(1, computed);
        Assert.Single(results, r => r.Outcome == CacheOutcome.Miss);
        Assert.All(results, r => Assert.Equal(["computed", key], r.Value));
        Assert.Equal(15, results.Count(r => r.Outcome == CacheOutcome.Hit));
    }

    [Fact]
    public async Task EveryCallerGone_CancelsTheComputation_ButOneStayingKeepsIt()
    {
        var cache = (await ConnectedServicesAsync()).GetRequiredService<ResultCache>();
        var cancelled = new TaskCompletionSource();
        async ValueTask<int[]> Endless(CancellationToken ct)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                cancelled.SetResult();
                throw;
            }
            return [];
        }
        using (var gone = new CancellationTokenSource(TimeSpan.FromMilliseconds(200)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
                await cache.GetOrCreateAsync(CacheKey.For("test").Add("abandoned-" + Guid.NewGuid()), Endless, gone.Token));
        }
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5));

        // Two callers, one gives up: the other still gets the result, computed once.
        var key = CacheKey.For("test").Add("shared-" + Guid.NewGuid());
        int runs = 0;
        async ValueTask<int[]> Slow(CancellationToken ct)
        {
            Interlocked.Increment(ref runs);
            await Task.Delay(400, ct);
            return [42];
        }
        using var impatient = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var leaving = cache.GetOrCreateAsync(key, Slow, impatient.Token).AsTask();
        var staying = cache.GetOrCreateAsync(key, Slow).AsTask();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaving);
        var stayed = await staying;
        Assert.Equal(new[] { 42 }, stayed.Value);
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task FailedComputation_IsNotCached()
    {
        var cache = (await ConnectedServicesAsync()).GetRequiredService<ResultCache>();
        var key = CacheKey.For("test").Add("failing-" + Guid.NewGuid());
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await cache.GetOrCreateAsync<int[]>(key, _ => throw new InvalidOperationException("boom")));
        var retry = await cache.GetOrCreateAsync(key, _ => ValueTask.FromResult(new[] { 1 }));
        Assert.Equal(CacheOutcome.Miss, retry.Outcome);
    }

    [Fact]
    public async Task LargeResults_AreCompressed_AndReadBack()
    {
        var cache = (await ConnectedServicesAsync()).GetRequiredService<ResultCache>();
        var big = Enumerable.Range(0, 2000).Select(i => $"member-{i % 50}").ToArray();
        var key = CacheKey.For("test").Add("big-" + Guid.NewGuid());
        var stored = await cache.GetOrCreateAsync(key, _ => ValueTask.FromResult(big));

        Assert.Equal(CacheOutcome.Miss, stored.Outcome);
        byte[] payload = (await Redis.StringGetAsync(key.RedisKey))!;
        int json = JsonSerializer.SerializeToUtf8Bytes(big).Length;
        Assert.Equal(2, payload[0]); // Brotli
        Assert.True(payload.Length < json / 5, $"{payload.Length} bytes for {json} bytes of JSON");
        Assert.True(cache.TryDeserialize<string[]>(payload, key.RedisKey, out var read));
        Assert.Equal(big, read);
    }

    [Fact]
    public void CacheKey_FollowsTheDocumentedScheme()
    {
        var key = CacheKey.For("whatif").Add("abc").Add(0.1).Add(new Dictionary<string, double> { ["b"] = 2, ["a"] = 1.5 }).Add((string?)null);
        var nullPart = DocumentedKeyBytes("whatif", "abc", "0.1", "2", "a", "1.5", "b", "2");
        Assert.Equal($"readiness:v1:whatif:{Convert.ToHexStringLower(SHA256.HashData([.. nullPart, 0xFF, 0xFF, 0xFF, 0xFF]))}", key.RedisKey);
        // Map order and number spelling do not matter; any value does.
        Assert.Equal(key.RedisKey, CacheKey.For("whatif").Add("abc").Add(0.10).Add(new Dictionary<string, double> { ["a"] = 1.5, ["b"] = 2.0 }).Add((string?)null).RedisKey);
        Assert.NotEqual(key.RedisKey, CacheKey.For("whatif").Add("abc").Add(0.1).Add(new Dictionary<string, double> { ["a"] = 1.5, ["b"] = 2.1 }).Add((string?)null).RedisKey);
        Assert.Throws<ArgumentException>(() => CacheKey.For("What If"));

        static byte[] DocumentedKeyBytes(params string[] parts)
        {
            using var buffer = new MemoryStream();
            foreach (var part in parts)
            {
                var bytes = Encoding.UTF8.GetBytes(part);
                buffer.Write([(byte)(bytes.Length >> 24), (byte)(bytes.Length >> 16), (byte)(bytes.Length >> 8), (byte)bytes.Length]);
                buffer.Write(bytes);
            }
            return buffer.ToArray();
        }
    }

    [Fact]
    public async Task SharedMultiplexer_IsTheCachesConnection()
    {
        var multiplexer = (await ConnectedServicesAsync()).GetRequiredService<IConnectionMultiplexer>();
        Assert.True(multiplexer.IsConnected);
        Assert.Same(multiplexer, await host.Factory.Services.GetRequiredService<RedisConnection>().GetMultiplexerAsync());
    }

    [Fact]
    public async Task WithoutRedis_CachesInMemory_AndSaysSo()
    {
        var logs = new LogCollector();
        await using var factory = new ApiFactory(host.Redis)
            .WithSettings(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = "" })
            .WithLogger(logs);
        var client = factory.CreateClient();

        var (first, _) = await RankAsync(client, "/v1/cohorts/test-pillars/ranking");
        var (second, _) = await RankAsync(client, "/v1/cohorts/test-pillars/ranking");

        Assert.Equal(("miss", "hit"), (first, second));
        Assert.Contains(logs.Entries, e => e.Message.Contains("running on the in-memory cache fallback"));
        Assert.Null(factory.Services.GetService<IConnectionMultiplexer>());
        var health = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var redis = JsonDocument.Parse(await health.Content.ReadAsStringAsync()).RootElement.GetProperty("checks").GetProperty("redis");
        Assert.Equal("Healthy", redis.GetProperty("status").GetString());
        Assert.Contains("not configured", redis.GetProperty("description").GetString());
    }
}
