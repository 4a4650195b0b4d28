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
/// <para>
/// Permits are taken from Redis a few at a time (<see cref="Chunk"/>, at most 1/20 of the burst) and
/// spent here: one round trip a request doubled the CPU of a cheap request (bench/load/throughput.sh);
/// with chunks the whole limiter costs about 1.14× (README, "Performance"). The budget still holds from above, since every permit spent was
/// taken from the shared bucket; what a replica holds unspent when its client goes quiet lapses after
/// one replenishment period, so a client may get up to (chunk - 1) permits per replica fewer, never more.
/// </para>
/// </summary>
internal sealed class SharedTokenBucket : RateLimiter
{
    /// <summary>Answered to the middleware's synchronous attempt while Redis is in use: not acquired, so it asks <see cref="AcquireAsyncCore"/>, which does not block a thread on Redis.</summary>
    private static readonly RateLimitLease AskAsynchronously = new Lease(false, null);

    private static readonly RateLimitLease Granted = new Lease(true, null);

    private readonly RedisConnection _redis;
    private readonly string _key;
    private readonly RedisTokenBucketRateLimiterOptions? _shared;
    private readonly TokenBucketRateLimiter _local;
    private readonly RateLimitLease _refused;
    private readonly int _chunk;
    private readonly long _creditLifetime;
    private RateLimiter? _sharedLimiter;
    private long _lastUsed = Stopwatch.GetTimestamp();
    /// <summary>Permits taken from Redis and not yet spent, and until when they may be.</summary>
    private int _credit;
    private long _creditExpires;

    /// <param name="redis">The process's guarded Redis connection.</param>
    /// <param name="key">The Redis key of the bucket: one per client and budget, the same on every replica.</param>
    /// <param name="budget">The whole deployment's budget.</param>
    /// <param name="share">This instance's part of it while Redis is away (1 = all of it).</param>
    /// <param name="shared">False: this instance's full bucket only (no Redis, or sharing turned off).</param>
    public SharedTokenBucket(RedisConnection redis, string key, TokenBucketRateLimiterOptions budget, int share, bool shared)
    {
        _redis = redis;
        _key = key;
        _chunk = Chunk(budget.TokenLimit);
        _refused = new Lease(false, budget.ReplenishmentPeriod);
        _creditLifetime = (long)(budget.ReplenishmentPeriod.TotalSeconds * Stopwatch.Frequency);
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

    /// <summary>How many permits one Redis call takes: 1/20 of the burst, at most 20 (20 for the default standard budget, 1 for the heavy one).</summary>
    public static int Chunk(int burst) => Math.Clamp(burst / 20, 1, 20);

    /// <summary>A share of a budget, rounded up: an instance never gets less than one permit.</summary>
    public static int Share(int budget, int replicas) => Math.Max(1, (budget + replicas - 1) / replicas);

    private bool UsesRedis => _shared is not null && _redis.IsAvailable;

    /// <summary>Idle while unused and the local bucket is full: the partitioned limiter then drops it (the shared state stays in Redis).</summary>
    public override TimeSpan? IdleDuration =>
        _local.IdleDuration is null ? null : Stopwatch.GetElapsedTime(Volatile.Read(ref _lastUsed));

    public override RateLimiterStatistics? GetStatistics() => _local.GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        long now = Stopwatch.GetTimestamp();
        Volatile.Write(ref _lastUsed, now);
        if (TrySpendCredit(permitCount, now))
        {
            return Granted;
        }
        return UsesRedis ? AskAsynchronously : _local.AttemptAcquire(permitCount);
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        if (UsesRedis)
        {
            var limiter = _sharedLimiter ??= new RedisTokenBucketRateLimiter<string>(_key, _shared!);
            // A chunk when the bucket has one, else the permits this request needs.
            foreach (int take in permitCount < _chunk ? [_chunk, permitCount] : (int[])[permitCount])
            {
                var answer = await _redis.TryExecuteAsync(static (_, s) => s.limiter.AcquireAsync(s.take).AsTask(),
                    (limiter, take), cancellationToken).ConfigureAwait(false);
                if (!answer.Succeeded)
                {
                    break;
                }
                using var lease = answer.Value;
                if (lease.IsAcquired)
                {
                    AddCredit(take - permitCount);
                    return Granted;
                }
                if (take == permitCount)
                {
                    // A permit comes back within one replenishment period (the package's own hint is in whole
                    // seconds, rounded down); the framework's bucket says the same when it refuses.
                    return _refused;
                }
            }
        }
        return await _local.AcquireAsync(permitCount, cancellationToken).ConfigureAwait(false);
    }

    private bool TrySpendCredit(int permitCount, long now)
    {
        while (true)
        {
            int credit = Volatile.Read(ref _credit);
            if (credit < permitCount)
            {
                return false;
            }
            if (now > Volatile.Read(ref _creditExpires))
            {
                // Lapsed: permits held too long would let this replica spend an old budget late.
                Interlocked.CompareExchange(ref _credit, 0, credit);
                return false;
            }
            if (Interlocked.CompareExchange(ref _credit, credit - permitCount, credit) == credit)
            {
                return true;
            }
        }
    }

    private void AddCredit(int permits)
    {
        if (permits > 0)
        {
            Volatile.Write(ref _creditExpires, Stopwatch.GetTimestamp() + _creditLifetime);
            Interlocked.Add(ref _credit, permits);
        }
    }

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
