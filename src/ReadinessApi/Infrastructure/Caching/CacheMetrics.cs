using System.Diagnostics.Metrics;

namespace ReadinessApi.Infrastructure.Caching;

/// <summary>
/// The cache's instruments on the service's meter (<c>ReadinessApi</c>): what each cached operation
/// did, how many Redis outages began, and whether Redis is usable right now.
/// </summary>
public sealed class CacheMetrics
{
    public const string MeterName = "ReadinessApi";

    private readonly Counter<long> _requests;
    private readonly Counter<long> _outages;
    private readonly Counter<long> _redisFailures;

    public CacheMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>("readiness.cache.requests", "{request}",
            "Cached operations by kind and outcome (hit, miss, bypass).");
        _outages = meter.CreateCounter<long>("readiness.cache.redis.outages", "{outage}",
            "Redis outages begun: the service stopped using Redis until it answered again.");
        _redisFailures = meter.CreateCounter<long>("readiness.cache.redis.failures", "{command}",
            "Redis commands that failed or timed out (each one answered without Redis).");
        Meter = meter;
    }

    internal Meter Meter { get; }

    public void Request(string kind, CacheOutcome outcome) =>
        _requests.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("outcome", outcome.ToHeaderValue()));

    public void OutageBegan() => _outages.Add(1);

    public void RedisFailed(string reason) => _redisFailures.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>Publishes <c>readiness.cache.redis.available</c> (1 usable, 0 not) from <paramref name="available"/>.</summary>
    internal void ObserveAvailability(Func<bool> available) =>
        Meter.CreateObservableGauge("readiness.cache.redis.available", () => available() ? 1 : 0, "1",
            "1 while Redis is configured and usable, 0 while it is not (results are then computed or served from memory).");
}
