namespace ReadinessApi.Import.Publishers;

/// <summary>A per-economy table as a publisher's CSV gives it: ISO alpha-3 → column → cell text (empty = no value).</summary>
public sealed class PublishedTable(string url, IReadOnlyList<string> columns, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> rows)
{
    public string Url { get; } = url;
    public IReadOnlyList<string> Columns { get; } = columns;
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Rows { get; } = rows;

    public bool TryGetCell(string iso3, string column, out string cell)
    {
        cell = "";
        return Rows.TryGetValue(iso3, out var row) && row.TryGetValue(column, out cell!);
    }
}
