namespace ReadinessApi.Scoring.Countries;

/// <summary>
/// Dense small ids (1..<see cref="Count"/>, 0 = none) for the ISO codes of <see cref="IsoCountries"/>, looked
/// up from a span of characters. Bulk paths (batch scoring, cohorts) keep a two-byte id per row instead of
/// a string, and find it without allocating one.
/// </summary>
public static class CountryIndex
{
    private static readonly string[] Codes = ["", .. IsoCountries.All.Keys.Order(StringComparer.Ordinal)];
    private static readonly Dictionary<string, ushort> Ids = Codes.Skip(1).Select((code, i) => (code, id: (ushort)(i + 1)))
        .ToDictionary(x => x.code, x => x.id, StringComparer.Ordinal);
    private static readonly Dictionary<string, ushort>.AlternateLookup<ReadOnlySpan<char>> BySpan =
        Ids.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>How many codes there are; ids run from 1 to this.</summary>
    public static int Count => Codes.Length - 1;

    /// <summary>The id of an upper-case alpha-3 code; false (and 0) for anything else.</summary>
    public static bool TryGetId(ReadOnlySpan<char> code, out ushort id) => BySpan.TryGetValue(code, out id);

    /// <summary>The code of an id from <see cref="TryGetId"/>.</summary>
    public static string CodeOf(ushort id) => Codes[id];
}
