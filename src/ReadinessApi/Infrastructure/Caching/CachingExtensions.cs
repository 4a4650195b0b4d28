using Microsoft.Extensions.Options;
using ReadinessApi.Infrastructure.Health;
using ReadinessApi.Infrastructure.Validation;
using StackExchange.Redis;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ReadinessApi.Infrastructure.Caching;

public static partial class CachingExtensions
{
    /// <summary>
    /// The result cache and the shared Redis connection (<c>ConnectionStrings:Redis</c>; without it, memory
    /// only). Registers <see cref="ResultCache"/>, <see cref="RedisConnection"/>, <see cref="CacheMetrics"/>,
    /// the ready-tagged <c>redis</c> health check, and, when Redis is configured, the one
    /// <see cref="IConnectionMultiplexer"/> for anything else that needs Redis.
    /// </summary>
    public static IHostApplicationBuilder AddCaching(this IHostApplicationBuilder builder)
    {
        builder.Services.BindSettings<CacheOptions>(CacheOptions.SectionName);
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<CacheMetrics>();
        builder.Services.AddSingleton<RedisConnection>();
        builder.Services.AddSingleton<ResultCache>();
        if (!string.IsNullOrEmpty(builder.Configuration.GetConnectionString("Redis")))
        {
            // Resolving it waits for the first connect attempt (bounded by Cache:RedisConnectTimeout); the
            // cache itself never waits: it bypasses Redis until the connection is made.
            builder.Services.AddSingleton<IConnectionMultiplexer>(sp =>
                sp.GetRequiredService<RedisConnection>().GetMultiplexerAsync().GetAwaiter().GetResult());
        }
        builder.Services.AddHostedService<CacheStartup>();
        builder.Services.Configure<SwaggerGenOptions>(o => o.OperationFilter<CacheHeaderOperationFilter>());
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: [HealthExtensions.ReadyTag]);
        return builder;
    }

    /// <summary>Says at start-up where results are cached, and starts connecting to Redis without holding start-up back.</summary>
    private sealed partial class CacheStartup(RedisConnection redis, IOptions<CacheOptions> options, ILogger<ResultCache> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (!redis.IsConfigured)
            {
                LogInMemory(logger, options.Value.LocalSizeLimitBytes >> 20);
                return Task.CompletedTask;
            }
            _ = redis.GetMultiplexerAsync();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Information, Message = "Redis is not configured (ConnectionStrings:Redis): running on the in-memory cache fallback (this instance only, up to {LimitMb} MB)")]
        private static partial void LogInMemory(ILogger logger, long limitMb);
    }
}
