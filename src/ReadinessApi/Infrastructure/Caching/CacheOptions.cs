using System.ComponentModel.DataAnnotations;

namespace ReadinessApi.Infrastructure.Caching;

/// <summary>
/// How long cached results live and how patiently Redis is waited for. Redis itself is named by
/// <c>ConnectionStrings:Redis</c> (env <c>ConnectionStrings__Redis</c>); without it results are cached
/// in process memory only.
/// </summary>
public sealed class CacheOptions
{
    public const string SectionName = "Cache";

    /// <summary>How long a result lives in Redis when its kind has no entry in <see cref="Ttls"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan DefaultTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Per-kind lifetimes in Redis, e.g. <c>Cache:Ttls:ranking = 1.00:00:00</c>.</summary>
    public Dictionary<string, TimeSpan> Ttls { get; set; } = new(StringComparer.Ordinal)
    {
        // Keys carry the content hashes of everything a ranking depends on, so an entry can never go
        // stale: the lifetime only bounds how long unused entries occupy memory.
        ["ranking"] = TimeSpan.FromHours(24),
    };

    /// <summary>How long a result stays in this instance's memory (never longer than its Redis lifetime).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan LocalTtl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Upper bound of this instance's in-memory copies, in bytes of their serialised form.</summary>
    [Range(1L << 20, 1L << 34)]
    public long LocalSizeLimitBytes { get; set; } = 64L << 20;

    /// <summary>Serialised results longer than this are Brotli-compressed before they go to Redis.</summary>
    [Range(0, int.MaxValue)]
    public int CompressAboveBytes { get; set; } = 1024;

    /// <summary>The longest a request waits for one Redis command before it computes the result itself.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10")]
    public TimeSpan RedisTimeout { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long to wait for the connection when it is first made (in the background; requests never wait for it).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan RedisConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Once Redis fails, how long the circuit breaker stops trying before it lets one request probe it again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:05:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The share of failed Redis commands, within <see cref="SamplingDuration"/>, that opens the breaker.</summary>
    [Range(0.01, 1.0)]
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>How many commands the breaker must see within <see cref="SamplingDuration"/> before it may open.</summary>
    [Range(2, 1000)]
    public int MinimumThroughput { get; set; } = 2;

    [Range(typeof(TimeSpan), "00:00:00.500", "00:10:00")]
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// This many Redis commands failing in a row (timeouts included) begin an outage at once: requests stop
    /// trying Redis and the background probe watches for its return. The breaker's ratio alone is too slow
    /// under load: thousands of successes from just before a stall keep the failures under
    /// <see cref="FailureRatio"/> of <see cref="SamplingDuration"/> for seconds, each cached request paying
    /// <see cref="RedisTimeout"/> meanwhile.
    /// </summary>
    [Range(1, 1000)]
    public int ConsecutiveFailures { get; set; } = 3;

    public TimeSpan TtlOf(string kind) => Ttls.TryGetValue(kind, out var ttl) ? ttl : DefaultTtl;
}
