namespace ReadinessApi.Import.Http;

/// <summary>How patiently the importer talks to a publisher.</summary>
public sealed record PublisherHttpOptions
{
    /// <summary>Time allowed for one attempt (connect, headers and body).</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>Retries after the first attempt, for transient failures only (connection errors, timeouts, 408, 429, 5xx).</summary>
    public int MaxRetries { get; init; } = 3;
    /// <summary>First back-off delay; doubles with jitter on each retry. Tests set it to zero.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>Largest response body accepted, in bytes (a guard against a wrong URL serving something huge).</summary>
    public long MaxResponseBytes { get; init; } = 256L * 1024 * 1024;

    public static PublisherHttpOptions Default { get; } = new();
}
