using ReadinessApi.Import.Publishers;

namespace ReadinessApi.Import.OpenReadiness;

public sealed record OpenReadinessOptions
{
    public required string OutputDirectory { get; init; }
    /// <summary>CSV (URL or path) with the candidate economies: column <c>iso3</c>, optional <c>country</c> for the name.</summary>
    public required string Candidates { get; init; }
    public string CohortId { get; init; } = "open-readiness";
    public Uri WorldBankBaseUrl { get; init; } = new(WorldBankClient.DefaultBaseUrl);
    public Uri ImfBaseUrl { get; init; } = new(ImfDataMapperClient.DefaultBaseUrl);
    /// <summary>Source id → URL of its published CSV (for CSV sources; for a facts source, a CSV that replaces the project's facts).</summary>
    public IReadOnlyDictionary<string, Uri> SourceUrls { get; init; } = new Dictionary<string, Uri>();
    /// <summary>Build without CSV sources that have no URL: their indicators are missing, and the metadata says so.</summary>
    public bool AllowMissingSources { get; init; }
    /// <summary>A mapping file to use in place of the embedded one.</summary>
    public string? MappingPath { get; init; }
    /// <summary>Last year searched in World Bank series; default the current year.</summary>
    public int? ToYear { get; init; }
}
