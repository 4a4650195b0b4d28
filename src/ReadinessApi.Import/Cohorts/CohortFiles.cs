namespace ReadinessApi.Import.Cohorts;

/// <summary>The names of a cohort's files in the cohorts directory.</summary>
public static class CohortFiles
{
    /// <summary>Provenance files go into a sub-folder so that a loader reading <c>*.csv</c> at the top level never mistakes one for a cohort.</summary>
    public const string ProvenanceFolder = "provenance";

    public static string Csv(string id) => $"{id}.csv";

    public static string Metadata(string id) => $"{id}.json";

    public static string Provenance(string id) => $"{ProvenanceFolder}/{id}.csv";
}
