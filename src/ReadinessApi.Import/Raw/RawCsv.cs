using nietras.SeparatedValues;

namespace ReadinessApi.Import.Raw;

/// <summary>A publisher's CSV as Sep reads it (quoted, multi-line cells unescaped), with the columns the tool needs checked up front.</summary>
internal static class RawCsv
{
    public static SepReader Open(string text, string file, char separator, params string[] columns)
    {
        SepReader reader;
        try
        {
            reader = Sep.New(separator).Reader(o => o with { Unescape = true, DisableColCountCheck = true }).FromText(text);
        }
        catch (InvalidDataException e)
        {
            throw ImportException.Schema(file, file, e.Message);
        }
        var missing = columns.Where(c => !reader.Header.TryIndexOf(c, out _)).ToList();
        if (missing.Count > 0)
        {
            reader.Dispose();
            throw ImportException.Schema(file, file, $"no column {string.Join(", ", missing.Select(m => $"'{m}'"))}");
        }
        return reader;
    }
}
