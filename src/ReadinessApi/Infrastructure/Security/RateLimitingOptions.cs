using System.ComponentModel.DataAnnotations;

namespace ReadinessApi.Infrastructure.Security;

/// <summary>
/// Token buckets per client (API key name, else remote address): a generous budget for cheap operations
/// and a small one for batch and sensitivity, whose single request can cost seconds of CPU.
/// </summary>
public sealed class RateLimitingOptions
{
    public const string SectionName = "RateLimiting";

    public bool Enabled { get; set; } = true;

    [Range(1, 1_000_000)]
    public int StandardPermitsPerSecond { get; set; } = 200;

    [Range(1, 1_000_000)]
    public int StandardBurst { get; set; } = 400;

    [Range(1, 10_000)]
    public int HeavyPermitsPerMinute { get; set; } = 30;

    [Range(1, 10_000)]
    public int HeavyBurst { get; set; } = 10;
}
