using System.ComponentModel.DataAnnotations;

namespace ReadinessApi.Infrastructure.Security;

/// <summary>Transport limits: request sizes, header sizes, time budgets, and which origins may call from a browser.</summary>
public sealed class HardeningOptions
{
    public const string SectionName = "Limits";

    /// <summary>Body limit for every operation except batch, which streams and enforces its own (Batch:MaxBytes).</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public long MaxBodyBytes { get; set; } = 256 * 1024;

    [Range(4 * 1024, 1024 * 1024)]
    public int MaxRequestHeadersTotalSize { get; set; } = 32 * 1024;

    /// <summary>Time budget of an ordinary request; 408 beyond it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time budget of batch and sensitivity requests.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "06:00:00")]
    public TimeSpan HeavyRequestTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Origins allowed to call from a browser (CORS); empty = closed.</summary>
    public List<string> CorsOrigins { get; set; } = [];
}
