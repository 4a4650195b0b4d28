using System.ComponentModel.DataAnnotations;

namespace ReadinessApi.Sensitivity;

/// <summary>Bounds of <c>POST /v1/sensitivity</c>: one request costs draws × countries scorings of CPU.</summary>
public sealed class SensitivityOptions
{
    public const string SectionName = "Sensitivity";

    /// <summary>The most draws one request may ask for; beyond it the request is a 400.</summary>
    [Range(1, 1_000_000)]
    public int MaxDraws { get; set; } = 10_000;

    /// <summary>Draws when the request names none (never more than <see cref="MaxDraws"/>).</summary>
    [Range(1, 1_000_000)]
    public int DefaultDraws { get; set; } = 1_000;

    /// <summary>The most inline items one request may rank (memory grows with its square).</summary>
    [Range(2, 5_000)]
    public int MaxItems { get; set; } = 1_000;

    /// <summary>The most cohort evaluations one variance analysis may make: draws × (factors + 2).</summary>
    [Range(10, 10_000_000)]
    public int MaxVarianceRuns { get; set; } = 120_000;

    /// <summary>Bootstrap resamples behind each interval of a variance analysis (they cost no evaluations).</summary>
    [Range(100, 100_000)]
    public int BootstrapResamples { get; set; } = 1_000;

    /// <summary>How long a result stays cached; keys name every input, so an entry never goes stale.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromHours(1);
}
