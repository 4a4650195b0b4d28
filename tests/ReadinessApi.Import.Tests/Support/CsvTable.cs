using nietras.SeparatedValues;

namespace ReadinessApi.Import.Tests.Support;

/// <summary>A small CSV reader for test inputs and outputs: rows as column → cell.</summary>
public static class CsvTable
{
    public static List<Dictionary<string, string>> Read(string path) => Parse(File.ReadAllText(path));

    public static List<Dictionary<string, string>> Parse(string text)
    {
        using var reader = Sep.New(',').Reader(o => o with { Unescape = true }).FromText(text);
        var names = reader.Header.ColNames.ToArray();
        var rows = new List<Dictionary<string, string>>();
        foreach (var row in reader)
        {
            var d = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int i = 0; i < names.Length; i++)
            {
                d[names[i]] = row[i].ToString();
            }
            rows.Add(d);
        }
        return rows;
    }

    public static Dictionary<string, Dictionary<string, string>> ByIso3(string path, string key = "iso3") =>
        Read(path).ToDictionary(r => r[key], StringComparer.Ordinal);
}
