using ReadinessApi.Import.Publishers;

namespace ReadinessApi.Import.OpenReadiness;

/// <summary>What a source says about one economy's field: a value with its period, or why there is none.</summary>
public readonly record struct SourceLookup(double? Value, string Period, string Note)
{
    public bool HasValue => Value is not null;

    public static SourceLookup Missing(string note) => new(null, "", note);
}

/// <summary>One source's data as fetched: field → economy → observation (null = listed with an empty cell).</summary>
public sealed class SourceData(MappingSource definition, string url)
{
    public MappingSource Definition { get; } = definition;
    public string Url { get; } = url;
    /// <summary>False when the operator let the import run without this source (<c>--allow-missing-sources</c>).</summary>
    public bool Configured { get; init; } = true;
    public Dictionary<string, Dictionary<string, Observation?>> Fields { get; } = new(StringComparer.Ordinal);
    /// <summary>The economies the source lists (CSV rows); null for APIs, where absence always means missing.</summary>
    public HashSet<string>? Listed { get; set; }
    /// <summary>Per economy, a note to carry into the provenance (e.g. the basis of an export-control tier).</summary>
    public Dictionary<string, string> Notes { get; } = new(StringComparer.Ordinal);
}

/// <summary>All sources of one import, by source id.</summary>
public sealed class SourceSnapshot(IEnumerable<SourceData> sources)
{
    public IReadOnlyDictionary<string, SourceData> Sources { get; } = sources.ToDictionary(s => s.Definition.Id, StringComparer.Ordinal);

    public SourceLookup Lookup(string source, string field, string iso3)
    {
        if (!Sources.TryGetValue(source, out var data) || !data.Configured)
        {
            return SourceLookup.Missing($"source {source} not configured for this import");
        }
        if (!data.Fields.TryGetValue(field, out var values) || values.Count == 0)
        {
            return SourceLookup.Missing($"{source} returned no values for {field}");
        }
        if (values.TryGetValue(iso3, out var obs))
        {
            if (obs is not { } o)
            {
                return SourceLookup.Missing("empty in source: missing");
            }
            data.Notes.TryGetValue(iso3, out var note);
            return new SourceLookup(o.Value, o.Period, note ?? "");
        }
        if (data.Listed is not null && data.Definition.Absent == "zero")
        {
            return new SourceLookup(0, data.Definition.Period ?? "", "absent from the listing: observed zero");
        }
        return SourceLookup.Missing("not in source: missing");
    }
}
