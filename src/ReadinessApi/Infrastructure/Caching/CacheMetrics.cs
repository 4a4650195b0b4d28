using System.Diagnostics.Metrics;
using ReadinessApi.Infrastructure.Telemetry;

namespace ReadinessApi.Infrastructure.Caching;

/// <summary>
/// Redis availability on the service's meter (<c>ReadinessApi</c>): how many outages began, and whether
/// Redis is usable now. Hits, misses, bypasses and Redis errors per kind are <see cref="ReadinessTelemetry"/>'s.
/// </summary>
public sealed class CacheMetrics
{
    private readonly Meter _meter;
    private readonly Counter<long> _outages;

    public CacheMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(ReadinessTelemetry.MeterName);
        _outages = _meter.CreateCounter<long>("readiness.cache.redis.outages", "{outage}",
            "Redis outages begun: the service stopped using Redis until it answered again (one per outage, however many requests it spanned).");
    }

    public void OutageBegan() => _outages.Add(1);

    /// <summary>
    /// Publishes <c>readiness.cache.redis.available</c> (1 usable, 0 not) from <paramref name="available"/>,
    /// and the outage count from 0: a counter that first appears at 1 shows no increase in Prometheus,
    /// which would hide the first outage.
    /// </summary>
    internal void ObserveAvailability(Func<bool> available)
    {
        _meter.CreateObservableGauge("readiness.cache.redis.available", () => available() ? 1 : 0, "1",
            "1 while Redis is configured and usable, 0 while it is not (results are then computed, or served from memory, without it).");
        _outages.Add(0);
    }
}
