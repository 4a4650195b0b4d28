using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ReadinessApi.Infrastructure.Caching;
using ReadinessApi.Infrastructure.Telemetry;

namespace ReadinessApi.Tests.Infrastructure;

/// <summary>A <see cref="ResultCache"/> outside a host, for tests of code that caches through it.</summary>
public static class TestCaches
{
    /// <summary>Memory only (no Redis configured), as the service runs without <c>ConnectionStrings:Redis</c>. Dispose the provider.</summary>
    public static ServiceProvider InMemory() => new ServiceCollection()
        .AddLogging()
        .AddMetrics()
        .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
        .AddSingleton<CacheMetrics>()
        .AddSingleton<ReadinessTelemetry>()
        .AddSingleton<RedisConnection>()
        .AddSingleton<ResultCache>()
        .Configure<CacheOptions>(_ => { })
        .BuildServiceProvider();
}
