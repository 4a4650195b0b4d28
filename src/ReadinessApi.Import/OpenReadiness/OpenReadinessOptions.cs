namespace ReadinessApi.Import.OpenReadiness;

public sealed record OpenReadinessOptions
{
    public required string OutputDirectory { get; init; }
    public string CohortId { get; init; } = "open-readiness";
    /// <summary>
    /// shared/data/raw: read the publishers' byte-for-byte copies through local stand-ins instead of the publishers'
    /// addresses. Null: fetch live.
    /// </summary>
    public string? RawDirectory { get; init; }
    /// <summary>The retrieval date recorded in the metadata and groups; default today (UTC). A rebuild from the copies names the copies' date.</summary>
    public DateOnly? Retrieved { get; init; }
    /// <summary>A mapping file to use in place of the embedded one.</summary>
    public string? MappingPath { get; init; }
    /// <summary>Last year searched in World Bank series; default the retrieval year.</summary>
    public int? ToYear { get; init; }
}
