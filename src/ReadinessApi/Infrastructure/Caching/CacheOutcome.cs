namespace ReadinessApi.Infrastructure.Caching;

/// <summary>What the cache did for one request; sent as the <c>X-Cache</c> response header.</summary>
public enum CacheOutcome
{
    /// <summary>Served from the cache (this instance's memory or Redis) without computing.</summary>
    Hit,
    /// <summary>Not cached yet: computed, then stored for the next request.</summary>
    Miss,
    /// <summary>
    /// Redis is configured but unavailable (down, slow, or the breaker is open): the result was computed
    /// (or taken from this instance's memory) without Redis.
    /// </summary>
    Bypass,
}

/// <summary>A cached operation's value and what the cache did to produce it.</summary>
public readonly record struct CacheResult<T>(T Value, CacheOutcome Outcome);

public static class CacheOutcomeExtensions
{
    public const string HeaderName = "X-Cache";

    public static string ToHeaderValue(this CacheOutcome outcome) => outcome switch
    {
        CacheOutcome.Hit => "hit",
        CacheOutcome.Miss => "miss",
        _ => "bypass",
    };

    /// <summary>Sets <c>X-Cache: hit|miss|bypass</c> on the response.</summary>
    public static void SetCacheHeader(this HttpResponse response, CacheOutcome outcome) =>
        response.Headers[HeaderName] = outcome.ToHeaderValue();
}
