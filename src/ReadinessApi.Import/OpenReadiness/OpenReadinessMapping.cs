using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using ReadinessApi.Scoring;

namespace ReadinessApi.Import.OpenReadiness;

/// <summary>
/// The project's versioned mapping from open indicators to the sub-pillars of <c>readiness-v1</c>
/// (<c>Mappings/open-readiness.mapping.json</c>, embedded). Its SHA-256 goes into the cohort metadata,
/// so a cohort names exactly the mapping that produced it.
/// </summary>
public sealed record OpenReadinessMapping
{
    public required string Id { get; init; }
    public required string Version { get; init; }
    public required string Methodology { get; init; }
    public required string Title { get; init; }
    public required string Description { get; init; }
    /// <summary>The cohort's licence as a whole (the strictest of its sources': CC BY-SA where Oxford Insights' values are in it).</summary>
    public required string License { get; init; }
    public IReadOnlyList<string> Notes { get; init; } = [];
    public required MappingRules Rules { get; init; }
    public required FieldRef Population { get; init; }
    /// <summary>The member economies (ISO alpha-3), in the cohort's order.</summary>
    public required IReadOnlyList<string> Members { get; init; }
    /// <summary>The World Bank download whose Metadata_Country file gives the regions and income groups.</summary>
    public required SourceFile Groups { get; init; }
    public required IReadOnlyList<MappingSource> Sources { get; init; }
    public required IReadOnlyList<SubPillarMapping> SubPillars { get; init; }

    [JsonIgnore]
    public string Sha256 { get; private init; } = "";

    public const string EmbeddedName = "ReadinessApi.Import.Mappings.open-readiness.mapping.json";

    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };

    public MappingSource Source(string id) => Sources.First(s => s.Id == id);

    public static OpenReadinessMapping LoadEmbedded()
    {
        using var stream = typeof(OpenReadinessMapping).Assembly.GetManifestResourceStream(EmbeddedName)!;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Parse(buffer.ToArray(), "open-readiness.mapping.json");
    }

    /// <summary>Parses and checks a mapping against the methodology it targets.</summary>
    public static OpenReadinessMapping Parse(byte[] utf8Json, string origin)
    {
        OpenReadinessMapping? mapping;
        try
        {
            mapping = JsonSerializer.Deserialize<OpenReadinessMapping>(utf8Json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new ImportException(ImportFailure.Usage, $"{origin}: malformed mapping at {e.Path ?? "$"} (line {e.LineNumber + 1}): {e.Message}", e);
        }
        if (mapping is null)
        {
            throw new ImportException(ImportFailure.Usage, $"{origin}: the mapping is empty.");
        }
        mapping = mapping with { Sha256 = Convert.ToHexStringLower(SHA256.HashData(utf8Json)) };
        mapping.Validate(origin);
        return mapping;
    }

    private void Validate(string origin)
    {
        var problems = new List<string>();
        if (!MethodologyCatalog.Embedded.TryGet(Methodology, out var methodology))
        {
            throw new ImportException(ImportFailure.Usage, $"{origin}: unknown methodology '{Methodology}'.");
        }
        var leaves = methodology.Nodes.Where(n => n.IsLeaf).Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        var sources = Sources.ToDictionary(s => s.Id, StringComparer.Ordinal);
        foreach (var s in Sources)
        {
            if (!SourceKinds.All.Contains(s.Kind))
            {
                problems.Add($"source '{s.Id}': unknown kind '{s.Kind}' (known: {string.Join(", ", SourceKinds.All)})");
            }
            if (s.Absent is not ("zero" or "missing"))
            {
                problems.Add($"source '{s.Id}': absent must be 'zero' or 'missing'");
            }
            if (s.Absent == "zero" && string.IsNullOrEmpty(s.Period))
            {
                problems.Add($"source '{s.Id}': a listing whose absence is a zero needs the period its values refer to");
            }
            if (s.Kind != SourceKinds.Facts && s.Files.Count == 0)
            {
                problems.Add($"source '{s.Id}': no files");
            }
        }
        var unknownMembers = Members.Where(m => !Scoring.Countries.IsoCountries.IsKnown(m)).ToList();
        if (unknownMembers.Count > 0 || Members.Count == 0 || Members.Distinct().Count() != Members.Count)
        {
            problems.Add($"members must be distinct ISO alpha-3 codes (unknown: {string.Join(", ", unknownMembers)})");
        }
        if (!(Rules.MaxUnmappedShare is >= 0 and < 1))
        {
            problems.Add("rules.maxUnmappedShare must lie in [0, 1)");
        }
        if (!sources.TryGetValue(Population.Source, out var popSource) || popSource.Kind != SourceKinds.WorldBank)
        {
            problems.Add("population must come from a World Bank bulk source");
        }
        var seenNodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sp in SubPillars)
        {
            if (!leaves.Contains(sp.Node))
            {
                problems.Add($"'{sp.Node}' is not a leaf of {Methodology}");
            }
            if (!seenNodes.Add(sp.Node))
            {
                problems.Add($"'{sp.Node}' is mapped twice");
            }
            if (sp.Indicators.Count == 0 && string.IsNullOrWhiteSpace(sp.Gap))
            {
                problems.Add($"'{sp.Node}' has no indicators: say why in 'gap'");
            }
            foreach (var i in sp.Indicators)
            {
                string at = $"{sp.Node}.{i.Id}";
                if (!sources.TryGetValue(i.Source, out var src))
                {
                    problems.Add($"{at}: unknown source '{i.Source}'");
                }
                else if (src.Kind is SourceKinds.WorldBank or SourceKinds.InnovationGraph && !src.Files.ContainsKey(i.Field))
                {
                    problems.Add($"{at}: field '{i.Field}' names no file of source '{i.Source}'");
                }
                if (i.Per is not (null or "million" or "thousand"))
                {
                    problems.Add($"{at}: per must be 'million' or 'thousand'");
                }
                if (!(double.IsFinite(i.Weight) && i.Weight > 0))
                {
                    problems.Add($"{at}: weight must be positive");
                }
                if (i.Categories is null)
                {
                    if (i.Lower is not { } lo || i.Upper is not { } hi || !(lo < hi))
                    {
                        problems.Add($"{at}: goalposts need lower < upper");
                    }
                    else if (i.Log && lo < 0)
                    {
                        problems.Add($"{at}: a log indicator needs lower ≥ 0");
                    }
                    else if (i.Transform == "log10" && lo <= 0)
                    {
                        problems.Add($"{at}: a log10 indicator needs lower > 0");
                    }
                    if (i.Transform is not (null or "log10") || (i.Transform is not null && i.Log))
                    {
                        problems.Add($"{at}: transform must be 'log10', and not combined with log");
                    }
                    if (i.Direction is not (1 or -1))
                    {
                        problems.Add($"{at}: direction must be 1 or -1");
                    }
                }
                else if (i.Categories.Values.Any(v => v is < 0 or > 100))
                {
                    problems.Add($"{at}: category scores must lie in 0–100");
                }
            }
        }
        foreach (var leaf in leaves.Where(l => !seenNodes.Contains(l)))
        {
            problems.Add($"leaf '{leaf}' of {Methodology} is not mapped (map it with an empty list and a 'gap' if there is no data)");
        }
        if (problems.Count > 0)
        {
            throw new ImportException(ImportFailure.Usage, $"{origin}: invalid mapping: {string.Join("; ", problems)}.");
        }
    }
}

public static class SourceKinds
{
    public const string WorldBank = "worldBankBulk";
    public const string Imf = "imfDataMapper";
    public const string InnovationGraph = "innovationGraph";
    public const string EpochClusters = "epochClusters";
    public const string EpochModels = "epochModels";
    public const string Top500 = "top500";
    public const string CloudRegions = "cloudRegions";
    public const string OxfordGairi = "oxfordGairi";
    public const string Facts = "facts";

    public static readonly IReadOnlyList<string> All = [WorldBank, Imf, InnovationGraph, EpochClusters, EpochModels, Top500, CloudRegions, OxfordGairi, Facts];
}

/// <summary>
/// A sub-pillar's value needs <see cref="MinIndicators"/> of its indicators or <see cref="MinWeightShare"/> of their weight;
/// a publisher file whose share of rows with an unmappable country label exceeds <see cref="MaxUnmappedShare"/> fails the import.
/// </summary>
public sealed record MappingRules(int MinIndicators, double MinWeightShare, double MaxUnmappedShare);

/// <summary>A publisher's file: where the publisher serves it, and where its byte-for-byte copy sits under shared/data/raw.</summary>
public sealed record SourceFile(string Url, string Copy)
{
    /// <summary>A ZIP member to take when the live address answers an archive (World Bank bulk downloads); else the API_ file.</summary>
    public string? Member { get; init; }
}

public sealed record FieldRef(string Source, string Field);

/// <summary>A publisher's data set the mapping draws on.</summary>
public sealed record MappingSource
{
    public required string Id { get; init; }
    public required string Kind { get; init; }
    public required string Title { get; init; }
    public string? Homepage { get; init; }
    public required string License { get; init; }
    /// <summary>Printed as a warning at import: a licence condition the operator must know.</summary>
    public string? LicenseNote { get; init; }
    public required string Attribution { get; init; }
    /// <summary>World Bank: first year searched for each economy's latest value.</summary>
    public int? FromYear { get; init; }
    /// <summary>IMF DataMapper dataset (for the record; the API path names the indicator only).</summary>
    public string? Dataset { get; init; }
    /// <summary>What an economy absent from the source means: "zero" (an observed zero for a listing that covers every country by design) or "missing".</summary>
    public string Absent { get; init; } = "missing";
    /// <summary>The period the values refer to when the file gives none per row (e.g. "2025-06").</summary>
    public string? Period { get; init; }
    /// <summary>The publisher's files, by key (World Bank: the indicator code; GitHub: the metric).</summary>
    public IReadOnlyDictionary<string, SourceFile> Files { get; init; } = new Dictionary<string, SourceFile>();
    /// <summary>Facts: the embedded facts file.</summary>
    public string? Facts { get; init; }
}

public sealed record SubPillarMapping
{
    public required string Node { get; init; }
    public string? Note { get; init; }
    /// <summary>Why the sub-pillar has no indicators.</summary>
    public string? Gap { get; init; }
    public required IReadOnlyList<IndicatorMapping> Indicators { get; init; }
    /// <summary>This sub-pillar's own rule, in place of <see cref="MappingRules.MinIndicators"/>.</summary>
    public int? MinIndicators { get; init; }
    /// <summary>This sub-pillar's own rule, in place of <see cref="MappingRules.MinWeightShare"/>.</summary>
    public double? MinWeightShare { get; init; }
}

public sealed record IndicatorMapping
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Source { get; init; }
    public required string Field { get; init; }
    /// <summary>"million" or "thousand": divide by population in millions or thousands (the intensity view).</summary>
    public string? Per { get; init; }
    /// <summary>"scale", "intensity" or "level": documentation only.</summary>
    public string? View { get; init; }
    public double Weight { get; init; } = 1;
    public double? Lower { get; init; }
    public double? Upper { get; init; }
    /// <summary>Apply f(x) = log10(1 + x) before the goalposts.</summary>
    public bool Log { get; init; }
    /// <summary>"log10": apply f(x) = log10(x) before the goalposts (a value ≤ 0 scores as the lower goalpost).</summary>
    public string? Transform { get; init; }
    public int Direction { get; init; } = 1;
    /// <summary>Scores for categorical values (e.g. export-control tiers), in place of goalposts.</summary>
    public IReadOnlyDictionary<string, double>? Categories { get; init; }
    public string? Note { get; init; }
}
