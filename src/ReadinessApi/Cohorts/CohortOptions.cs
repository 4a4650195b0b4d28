namespace ReadinessApi.Cohorts;

/// <summary>Where the reference cohorts come from: built in, and mounted (in Kubernetes a ConfigMap or volume).</summary>
public sealed class CohortOptions
{
    public const string SectionName = "Cohorts";

    /// <summary>
    /// A folder of <c>&lt;id&gt;.csv</c> files (header <c>country,name,&lt;node ids...&gt;</c>), each with an
    /// optional <c>&lt;id&gt;.json</c> (title, source, license, methodology), and <c>groups*.json</c> peer groups.
    /// A mounted file with a built-in one's id (or name) replaces it. Unset: the built-in data only.
    /// </summary>
    public string? Directory { get; set; }

    /// <summary>
    /// Serve the reference data built into the service (the <c>open-readiness</c> cohort and the World Bank groups,
    /// <c>src/ReadinessApi/ReferenceData</c>). Default true; false serves only what is mounted.
    /// </summary>
    public bool BuiltIn { get; set; } = true;
}
