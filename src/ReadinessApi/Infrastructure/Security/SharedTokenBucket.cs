using System.Diagnostics;
using System.Threading.RateLimiting;
using ReadinessApi.Infrastructure.Caching;
using RedisRateLimiting;

namespace ReadinessApi.Infrastructure.Security;

/// <summary>
/// One client's budget (standard or heavy) on this instance: RedisRateLimiting's token bucket in Redis,
/// which every replica draws from, and this instance's own bucket (a share of the budget) for when Redis
/// cannot answer. Redis is asked only through <see cref="RedisConnection"/>, so a slow or lost Redis costs
/// a request at most the cache's short command timeout, begins the same outage the cache sees, and
/// sends requests to the local bucket until the connection's probe sees Redis answer again. A Redis
/// problem never refuses a request and never throws.
/// </summary>
internal sealed class SharedTokenBucket : RateLimiter
{
    /// <summary>Answered to the middleware's synchronous attempt while Redis is in use: not acquired, so it asks <see cref="AcquireAsyncCore"/>, which does not block a thread on Redis.</summary>
    private static readonly RateLimitLease AskAsynchronously = new Lease(false, null);

    private readonly RedisConnection _redis;
    private readonly string _key;
    private readonly RedisTokenBucketRateLimiterOptions? _shared;
    private readonly TokenBucketRateLimiter _local;
    private RateLimiter? _sharedLimiter;
    private long _lastUsed = Stopwatch.GetTimestamp();

    /// <param name="redis">The process's guarded Redis connection.</param>
    /// <param name="key">The Redis key of the bucket: one per client and budget, the same on every replica.</param>
    /// <param name="budget">The whole deployment's budget.</param>
    /// <param name="share">This instance's part of it while Redis is away (1 = all of it).</param>
    /// <param name="shared">False: this instance's full bucket only (no Redis, or sharing turned off).</param>
    public SharedTokenBucket(RedisConnection redis, string key, TokenBucketRateLimiterOptions budget, int share, bool shared)
    {
        _redis = redis;
        _key = key;
        if (shared)
        {
            _shared = new RedisTokenBucketRateLimiterOptions
            {
                TokenLimit = budget.TokenLimit,
                TokensPerPeriod = budget.TokensPerPeriod,
                ReplenishmentPeriod = budget.ReplenishmentPeriod,
                // Only called once the connection is made (UsesRedis).
                ConnectionMultiplexerFactory = () => redis.GetMultiplexerAsync().Result,
            };
        }
        _local = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Share(budget.TokenLimit, shared ? share : 1),
            TokensPerPeriod = Share(budget.TokensPerPeriod, shared ? share : 1),
            ReplenishmentPeriod = budget.ReplenishmentPeriod,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    /// <summary>A share of a budget, rounded up: an instance never gets less than one permit.</summary>
    public static int Share(int budget, int replicas) => Math.Max(1, (budget + replicas - 1) / replicas);

    private bool UsesRedis => _shared is not null && _redis.IsAvailable;

    /// <summary>Idle while unused and the local bucket is full: the partitioned limiter then drops it (the shared state stays in Redis).</summary>
    public override TimeSpan? IdleDuration =>
        _local.IdleDuration is null ? null : Stopwatch.GetElapsedTime(Volatile.Read(ref _lastUsed));

    public override RateLimiterStatistics? GetStatistics() => _local.GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        Volatile.Write(ref _lastUsed, Stopwatch.GetTimestamp());
        return UsesRedis ? AskAsynchronously : _local.AttemptAcquire(permitCount);
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        if (UsesRedis)
        {
            var limiter = _sharedLimiter ??= new RedisTokenBucketRateLimiter<string>(_key, _shared!);
            var answer = await _redis.TryExecuteAsync(static (_, s) => s.limiter.AcquireAsync(s.permitCount).AsTask(),
                (limiter, permitCount), cancellationToken).ConfigureAwait(false);
            if (answer.Succeeded)
            {
                using var lease = answer.Value;
                return new Lease(lease.IsAcquired, RetryAfter(lease));
            }
        }
        return await _local.AcquireAsync(permitCount, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The package names its retry hint its own way (whole seconds); the rejection handler reads the framework's.</summary>
    private static TimeSpan? RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(RateLimitMetadataName.RetryAfter.Name, out var value) && value is not null
            ? value switch
            {
                TimeSpan span => span,
                IConvertible seconds => TimeSpan.FromSeconds(seconds.ToDouble(System.Globalization.CultureInfo.InvariantCulture)),
                _ => null,
            }
            : null;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _local.Dispose();
            _sharedLimiter?.Dispose();
        }
        base.Dispose(disposing);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await _local.DisposeAsync().ConfigureAwait(false);
        if (_sharedLimiter is not null)
        {
            await _sharedLimiter.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter is { } wait && metadataName == MetadataName.RetryAfter.Name ? wait : null;
            return metadata is not null;
        }
    }
}
