using System.Text.Json;

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
        var big3 = new CountrySums();
        var all = new CountrySums();
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
                all.Add(iso3, 1, id);
                if (Hyperscalers.Contains(region.GetProperty("provider").GetString()!))
                {
                    big3.Add(iso3, 1, id);
                }
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw ImportException.Schema(file, file, e.Message);
        }
        big3.Fill(values.Field(HyperscaleRegions), period, file);
        all.Fill(values.Field(AllRegions), period, file);
        return values;
    }
}
