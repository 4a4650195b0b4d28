namespace ReadinessApi.Scoring.Countries;

/// <summary>ISO 3166-1 alpha-3 codes (plus XKX, Kosovo) with short English names, from an embedded list.</summary>
public static class IsoCountries
{
    private static readonly Dictionary<string, string> Names = Load();

    public static IReadOnlyDictionary<string, string> All => Names;

    public static bool IsKnown(string code) => Names.ContainsKey(code);

    public static string? NameOf(string code) => Names.GetValueOrDefault(code);

    private static Dictionary<string, string> Load()
    {
        using var stream = typeof(IsoCountries).Assembly.GetManifestResourceStream("ReadinessApi.Scoring.Countries.iso3166-alpha3.txt")!;
        using var reader = new StreamReader(stream);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 4 && line[0] != '#')
            {
                names[line[..3]] = line[4..];
            }
        }
        return names;
    }
}
