using System.Text.Json;
using System.Text.Json.Serialization;

namespace ReadinessApi.Import.Cohorts;

/// <summary>
/// <c>&lt;id&gt;.json</c> beside the cohort's CSV. The service reads <c>title</c>, <c>source</c>, <c>license</c> and
/// <c>methodology</c> (docs/api.md); the other fields record where every value came from and how complete
/// the cohort is, for people and for audits.
/// </summary>
public sealed record CohortMetadata
{
    public required string Title { get; init; }
    /// <summary>Publishers and addresses, one line (the full list is <see cref="Sources"/>).</summary>
    public required string Source { get; init; }
    /// <summary>Licences and the attribution they require, one line.</summary>
    public required string License { get; init; }
    public required string Methodology { get; init; }
    public string? Description { get; init; }
    /// <summary>UTC date of the import.</summary>
    public required DateOnly Retrieved { get; init; }
    public required string Importer { get; init; }
    public int Size { get; init; }
    public IReadOnlyList<SourceRecord> Sources { get; init; } = [];
    /// <summary>Per node of the CSV: how many economies have a value.</summary>
    public IReadOnlyDictionary<string, NodeCoverage> Coverage { get; init; } = new Dictionary<string, NodeCoverage>();
    /// <summary>Per input indicator (<c>node.indicator</c>): how many economies have a value.</summary>
    public IReadOnlyDictionary<string, NodeCoverage>? IndicatorCoverage { get; init; }
    /// <summary>Nodes of the methodology the cohort gives no value for (for some or all economies), and why.</summary>
    public IReadOnlyDictionary<string, string>? MissingNodes { get; init; }
    public MappingReference? Mapping { get; init; }
    /// <summary>Path of the provenance file relative to the cohorts directory (one row per value and input).</summary>
    public string? Provenance { get; init; }
    public IReadOnlyList<string>? Notes { get; init; }
    public IReadOnlyList<string>? Warnings { get; init; }

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, JsonOptions);
}

/// <summary>One publisher's data set as fetched: where, under which terms, and which periods the values refer to.</summary>
public sealed record SourceRecord
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Url { get; init; }
    public required string License { get; init; }
    public required string Attribution { get; init; }
    public required DateOnly Retrieved { get; init; }
    /// <summary>The periods the values refer to, e.g. ["2023"] or ["2016", ..., "2024"].</summary>
    public IReadOnlyList<string> DataPeriods { get; init; } = [];
    public string? Note { get; init; }
}

public sealed record NodeCoverage(int WithValue, int Of);

public sealed record MappingReference(string Id, string Version, string Sha256);
