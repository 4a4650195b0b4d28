using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using ReadinessApi.Infrastructure.Caching;

namespace ReadinessApi.Infrastructure.Security;

/// <summary>
/// The two budgets of <see cref="RateLimitingOptions"/> as token buckets, one <see cref="SharedTokenBucket"/>
/// per client and budget, and the log lines that say when the buckets stop and start being shared.
/// </summary>
internal sealed partial class RateLimitBudgets
{
    private readonly RedisConnection _redis;
    private readonly RateLimitingOptions _options;
    private readonly bool _shared;

    public RateLimitBudgets(RedisConnection redis, IOptions<RateLimitingOptions> options, ILogger<RateLimitBudgets> logger)
    {
        _redis = redis;
        _options = options.Value;
        _shared = _options.Shared && redis.IsConfigured;
        if (_shared)
        {
            // The connection decides when an outage begins and ends (for the cache too); this says what it means for limits.
            redis.OutageBegan += _ => LogLocal(logger, _options.ExpectedReplicas);
            redis.OutageEnded += lasted => LogShared(logger, lasted.TotalSeconds);
        }
    }

    /// <summary>The limiter of one client's standard or heavy budget.</summary>
    public RateLimiter Create((string Client, bool Heavy) partition)
    {
        var budget = partition.Heavy ? Heavy : Standard;
        // One key per client and budget, in the service's key scheme (the package adds its own prefix). The
        // budget's figures are part of it: replicas configured alike share a bucket, a service configured
        // otherwise (another deployment on the same Redis, a changed budget) does not inherit its state.
        var key = $"readiness:v1:ratelimit:{(partition.Heavy ? "heavy" : "standard")}:{budget.TokenLimit}+{budget.TokensPerPeriod}/{budget.ReplenishmentPeriod.TotalMilliseconds}ms:{partition.Client}";
        return new SharedTokenBucket(_redis, key, budget, _options.ExpectedReplicas, _shared);
    }

    private TokenBucketRateLimiterOptions Heavy => new()
    {
        TokenLimit = _options.HeavyBurst,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = TimeSpan.FromMinutes(1) / _options.HeavyPermitsPerMinute,
    };

    private TokenBucketRateLimiterOptions Standard => new()
    {
        TokenLimit = _options.StandardBurst,
        TokensPerPeriod = _options.StandardPermitsPerSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limits: Redis is unavailable, each instance now enforces 1/{Replicas} of every client's budget on its own until it returns")]
    private static partial void LogLocal(ILogger logger, int replicas);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rate limits: budgets are shared through Redis again after {Seconds:0.0} s of per-instance limits")]
    private static partial void LogShared(ILogger logger, double seconds);
}
