using System.Text.Json;
using System.Text.Json.Serialization;

namespace ReadinessApi.Import.OpenReadiness;

/// <summary>
/// The export-control tiers the project states itself (<c>Facts/ai-chip-export-controls.json</c>): listed
/// tiers with their basis and sources, and a default tier for every economy not listed.
/// </summary>
public sealed record ExportControlFacts
{
    public required string Title { get; init; }
    public required DateOnly AsOf { get; init; }
    public required string Field { get; init; }
    public required string Status { get; init; }
    public required IReadOnlyList<string> Sources { get; init; }
    public required IReadOnlyList<TierFact> Tiers { get; init; }
    public required int DefaultTier { get; init; }
    public required string DefaultBasis { get; init; }
    public required string Scope { get; init; }

    public sealed record TierFact(int Tier, string Basis, IReadOnlyList<string> Members);

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };

    public static ExportControlFacts LoadEmbedded(string fileName)
    {
        string name = "ReadinessApi.Import.Facts." + fileName;
        using var stream = typeof(ExportControlFacts).Assembly.GetManifestResourceStream(name)
            ?? throw new ImportException(ImportFailure.Usage, $"facts file {fileName} is not embedded in the importer.");
        var facts = JsonSerializer.Deserialize<ExportControlFacts>(stream, Options)!;
        var twice = facts.Tiers.SelectMany(t => t.Members).GroupBy(m => m).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (twice.Count > 0)
        {
            throw new ImportException(ImportFailure.Usage, $"{fileName}: {string.Join(", ", twice)} listed in more than one tier.");
        }
        return facts;
    }

    /// <summary>The tier of an economy and why.</summary>
    public (int Tier, string Basis) TierOf(string iso3)
    {
        foreach (var t in Tiers)
        {
            if (t.Members.Contains(iso3, StringComparer.Ordinal))
            {
                return (t.Tier, t.Basis);
            }
        }
        return (DefaultTier, DefaultBasis);
    }
}
