using System.Text.Json;
using ReadinessApi.Scoring.Countries;

namespace ReadinessApi.Import.Raw;

/// <summary>
/// Publishers' country labels to ISO 3166-1 alpha-3: alpha-2 codes (<c>Facts/iso3166-alpha2.tsv</c>) and
/// English names (the engine's ISO short names plus the explicit aliases of <c>Facts/country-names.json</c>).
/// A table, not <see cref="System.Globalization.RegionInfo"/>: the service runs with invariant globalization
/// and a rebuild must give the same codes on every machine.
/// </summary>
public sealed class CountryCodes
{
    private readonly Dictionary<string, string> _alpha2 = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _names = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _notEconomies = new(StringComparer.Ordinal);

    private CountryCodes()
    {
        foreach (var line in Resource("iso3166-alpha2.tsv").Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            var parts = line.Split('\t');
            _alpha2[parts[0]] = parts[1].Trim();
        }
        foreach (var (iso3, name) in IsoCountries.All)
        {
            _names[name] = iso3;
        }
        using var doc = JsonDocument.Parse(Resource("country-names.json"));
        foreach (var alias in doc.RootElement.GetProperty("aliases").EnumerateObject())
        {
            _names[alias.Name] = alias.Value.GetString()!;
        }
        foreach (var n in doc.RootElement.GetProperty("notEconomies").EnumerateObject())
        {
            _notEconomies[n.Name] = n.Value.GetString()!;
        }
    }

    public static CountryCodes Embedded { get; } = new();

    /// <summary>ISO alpha-3 for an alpha-2 code, or null.</summary>
    public string? FromAlpha2(string code) => _alpha2.GetValueOrDefault(code.Trim().ToUpperInvariant());

    /// <summary>ISO alpha-3 for an English name (ISO short name or a listed alias), or null.</summary>
    public string? FromName(string name) => _names.GetValueOrDefault(name.Trim());

    /// <summary>Why a label names no economy (an aggregate, "Multinational"), or null.</summary>
    public string? NotAnEconomy(string label) => _notEconomies.GetValueOrDefault(label.Trim());

    private static string Resource(string name)
    {
        using var stream = typeof(CountryCodes).Assembly.GetManifestResourceStream("ReadinessApi.Import.Facts." + name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
