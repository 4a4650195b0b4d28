using System.ComponentModel.DataAnnotations;

namespace ReadinessApi.Infrastructure.Security;

/// <summary>
/// Token buckets per client (API key name, else the client's address, forwarded by a known proxy): a
/// generous budget for cheap operations and a small one for batch and sensitivity, whose single request
/// can cost seconds of CPU. With Redis configured every replica draws from one bucket per client there.
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

    /// <summary>
    /// Keep the buckets in Redis (<c>ConnectionStrings:Redis</c>) so that the budgets hold for the whole
    /// deployment, not per replica. Off, or without Redis, each instance keeps its own full buckets.
    /// </summary>
    public bool Shared { get; set; } = true;

    /// <summary>
    /// How many replicas usually run. While Redis cannot be used each instance enforces this share of every
    /// budget on its own (rounded up), so that the deployment as a whole stays near the documented budget.
    /// </summary>
    [Range(1, 1000)]
    public int ExpectedReplicas { get; set; } = 2;
}
