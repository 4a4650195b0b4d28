namespace ReadinessApi.Cohorts;

/// <summary>Where the reference cohorts are mounted (in Kubernetes a ConfigMap or volume).</summary>
public sealed class CohortOptions
{
    public const string SectionName = "Cohorts";

    /// <summary>
    /// A folder of <c>&lt;id&gt;.csv</c> files (header <c>country,name,&lt;node ids...&gt;</c>), each with an
    /// optional <c>&lt;id&gt;.json</c> (title, source, license, methodology). Unset: no cohorts.
    /// </summary>
    public string? Directory { get; set; }
}
