using ReadinessApi.Import.Publishers;

namespace ReadinessApi.Import.OpenReadiness;

/// <summary>What a source says about one economy's field: a value with its period, or why there is none.</summary>
public readonly record struct SourceLookup(double? Value, string Period, string Note, string File = "", string Rows = "")
{
    public bool HasValue => Value is not null;

    public static SourceLookup Missing(string note, string file = "") => new(null, "", note, file);
}

/// <summary>One source's data as read: field → economy → observation (null = listed with an empty cell).</summary>
public sealed class SourceData(MappingSource definition, string url)
{
    public MappingSource Definition { get; } = definition;
    /// <summary>The publisher's address(es) the data come from (never a local stand-in's).</summary>
    public string Url { get; } = url;
    public Dictionary<string, Dictionary<string, Observation?>> Fields { get; } = new(StringComparer.Ordinal);
    /// <summary>Per field, the publisher's file it was read from.</summary>
    public Dictionary<string, string> FieldFiles { get; } = new(StringComparer.Ordinal);
    /// <summary>The economies a listing names; null where absence always means missing.</summary>
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
        if (!Sources.TryGetValue(source, out var data) || !data.Fields.TryGetValue(field, out var values))
        {
            throw new ImportException(ImportFailure.Usage, $"the mapping names field '{field}' of source '{source}', which reads no such field.");
        }
        string file = data.FieldFiles.GetValueOrDefault(field, "");
        if (values.TryGetValue(iso3, out var obs))
        {
            if (obs is not { } o)
            {
                return SourceLookup.Missing("listed without a value: missing", file);
            }
            data.Notes.TryGetValue(iso3, out var note);
            return new SourceLookup(o.Value, o.Period, note ?? "", o.File, o.Rows);
        }
        if (data.Listed is not null && data.Definition.Absent == "zero")
        {
            return new SourceLookup(0, data.Definition.Period ?? "", "absent from the listing: observed zero", file);
        }
        return SourceLookup.Missing("not in source: missing", file);
    }
}
