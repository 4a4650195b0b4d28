using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ReadinessApi.Infrastructure.Caching;

/// <summary>
/// Redis down is Degraded, never Unhealthy: the service still answers every request without its cache,
/// so it must stay in the load balancer. Without Redis configured the check is Healthy and says so.
/// </summary>
internal sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!redis.IsConfigured)
        {
            return HealthCheckResult.Healthy("Redis is not configured: results are cached in this instance's memory only.");
        }
        if (!redis.IsAvailable)
        {
            return HealthCheckResult.Degraded($"Redis at {redis.Endpoint} is unavailable: requests are answered without it (X-Cache: bypass).");
        }
        // Through the breaker and its timeout: a probe never waits longer than a request would.
        var ping = await redis.TryExecuteAsync(static (db, _) => db.PingAsync(), 0, cancellationToken);
        return ping.Succeeded
            ? HealthCheckResult.Healthy($"Redis at {redis.Endpoint} answered in {ping.Value.TotalMilliseconds:0.#} ms.")
            : HealthCheckResult.Degraded($"Redis at {redis.Endpoint} did not answer: requests are answered without it (X-Cache: bypass).");
    }
}
