using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Instrumentation.StackExchangeRedis;
using ReadinessApi.Infrastructure.Telemetry;
using ReadinessApi.Tests.Infrastructure;
using StackExchange.Redis;

namespace ReadinessApi.Tests.Telemetry;

/// <summary>Redis commands become spans under the span that issued them, for connections given to TraceRedis.</summary>
[Collection(ApiCollection.Name)]
public sealed class RedisSpanTests(ApiHost host)
{
    [Fact]
    public async Task TraceRedis_CommandsAreChildSpansOfTheCacheSpan()
    {
        await using var factory = new InMemoryTracingFactory(host.Redis, services =>
            services.Configure<StackExchangeRedisInstrumentationOptions>(o => o.FlushInterval = TimeSpan.FromMilliseconds(200)));
        _ = factory.Services;   // build the host (and its tracer provider)
        var telemetry = factory.Services.GetRequiredService<ReadinessTelemetry>();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(host.Redis.ConnectionString);
        using var registration = telemetry.TraceRedis(redis);
        Assert.NotNull(registration);

        var trace = TraceParent.New();
        ActivitySpanId cacheSpanId;
        using (var parent = new Activity("test").SetParentId(trace.TraceId, trace.ParentSpanId, ActivityTraceFlags.Recorded).Start())
        using (var get = ReadinessTelemetry.StartCacheGet("test"))
        {
            Assert.NotNull(get);
            cacheSpanId = get.SpanId;
            await redis.GetDatabase().StringGetAsync("readiness:test:telemetry:" + Guid.NewGuid().ToString("N"));
            telemetry.CacheMiss(get, "test");
        }

        var command = await factory.WaitForSpanAsync(trace, a => a.Source.Name.Contains("Redis", StringComparison.Ordinal), "the Redis span");
        Assert.Equal(cacheSpanId, command.ParentSpanId);
        Assert.Equal(ActivityKind.Client, command.Kind);
        Assert.Equal("GET", command.DisplayName);
        var cache = await factory.WaitForSpanAsync(trace, a => a.OperationName == "readiness.cache.get", "the cache span");
        Assert.Equal("miss", cache.GetTagItem("readiness.cache.outcome"));
        Assert.Equal("test", cache.GetTagItem("readiness.cache.kind"));
    }

    [Fact]
    public async Task Startup_DoesNotResolveTheRedisConnection()
    {
        // The cache's multiplexer may be slow or fail to connect: tracing must not wait for it at start-up.
        await using var factory = new InMemoryTracingFactory(host.Redis, services =>
            services.AddSingleton<IConnectionMultiplexer>(_ => throw new InvalidOperationException("resolved at start-up")));
        var response = await factory.CreateClient().GetAsync("/health/live");
        Assert.True(response.IsSuccessStatusCode);
    }
}
