using System.Globalization;
using System.Text.Json;
using ReadinessApi.Import.Publishers;

namespace ReadinessApi.Import.Raw;

/// <summary>
/// Oxford Insights' Government AI Readiness Index 2025 as JSON (<c>gairi_2025.json</c>): an array of one object per
/// government with ISO alpha-2 <c>code</c> (<c>NA</c> is Namibia) and scores on 0–100 by key (<c>total</c>,
/// pillars such as <c>policy_capacity</c>, dimensions such as <c>ai_sector_maturity</c>). Each requested key is a field.
/// </summary>
public static class GairiFile
{
    public static PublisherValues Read(string text, string file, string period, IEnumerable<string> keys)
    {
        var values = new PublisherValues(file);
        var wanted = keys.Distinct(StringComparer.Ordinal).ToList();
        try
        {
            using var doc = JsonDocument.Parse(text);
            int record = 0;
            foreach (var government in doc.RootElement.EnumerateArray())
            {
                record++;
                if (values.Alpha2(government.GetProperty("code").GetString() ?? "") is not { } iso3)
                {
                    continue;
                }
                foreach (var key in wanted)
                {
                    if (!government.TryGetProperty(key, out var score) || score.ValueKind != JsonValueKind.Number)
                    {
                        throw ImportException.Schema(file, file, $"record {record} ({iso3}) has no number '{key}'");
                    }
                    values.Field(key)[iso3] = new Observation(score.GetDouble(), period, file, record.ToString(CultureInfo.InvariantCulture));
                }
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw ImportException.Schema(file, file, e.Message);
        }
        return values;
    }
}
