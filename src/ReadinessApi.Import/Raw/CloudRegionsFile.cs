using System.Text.Json;
using ReadinessApi.Import.Publishers;

namespace ReadinessApi.Import.Raw;

/// <summary>
/// The compiled public-cloud region list (<c>regions.json</c>: <c>{metadata, providers, regions}</c>), country by
/// ISO alpha-2 <c>location.countryCode</c>. Counts generally available regions open to the global market
/// (<c>regionType</c> commercial: government-only, sovereign and China-partition regions run by local operators
/// are not counted): <c>hyperscaleRegions</c> for AWS, Azure and Google Cloud, <c>allRegions</c> for all 14 providers.
/// </summary>
public static class CloudRegionsFile
{
    public const string HyperscaleRegions = "hyperscaleRegions";
    public const string AllRegions = "allRegions";
    private static readonly HashSet<string> Hyperscalers = new(StringComparer.Ordinal) { "aws", "azure", "gcp" };

    public static PublisherValues Read(string text, string file, string period)
    {
        var values = new PublisherValues(file);
        var big3 = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        var all = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        try
        {
            using var doc = JsonDocument.Parse(text);
            foreach (var region in doc.RootElement.GetProperty("regions").EnumerateArray())
            {
                string id = region.GetProperty("id").GetString()!;
                if (region.GetProperty("status").GetString() != "ga" || region.GetProperty("regionType").GetString() != "commercial")
                {
                    continue;
                }
                if (values.Alpha2(region.GetProperty("location").GetProperty("countryCode").GetString() ?? "") is not { } iso3)
                {
                    continue;
                }
                Add(all, iso3, id);
                if (Hyperscalers.Contains(region.GetProperty("provider").GetString()!))
                {
                    Add(big3, iso3, id);
                }
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw ImportException.Schema(file, file, e.Message);
        }
        foreach (var (name, counts) in new[] { (HyperscaleRegions, big3), (AllRegions, all) })
        {
            var field = values.Field(name);
            foreach (var (iso3, ids) in counts)
            {
                field[iso3] = new Observation(ids.Count, period, file, string.Join(' ', ids));
            }
        }
        return values;
    }

    private static void Add(SortedDictionary<string, List<string>> counts, string iso3, string id)
    {
        if (!counts.TryGetValue(iso3, out var ids))
        {
            counts[iso3] = ids = [];
        }
        ids.Add(id);
    }
}
