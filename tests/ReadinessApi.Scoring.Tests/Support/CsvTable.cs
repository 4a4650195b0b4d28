using System.Globalization;

namespace ReadinessApi.Scoring.Tests.Support;

/// <summary>
/// The reference tables are plain comma-separated files without quoting (checked when they were taken),
/// so a split is enough; a quoted cell fails loudly instead of being misread.
/// </summary>
public sealed class CsvTable
{
    private readonly Dictionary<string, int> _columns;

    private CsvTable(string[] header, List<string[]> rows)
    {
        _columns = header.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i, StringComparer.Ordinal);
        Rows = rows;
    }

    public IReadOnlyList<string[]> Rows { get; }

    public static CsvTable Read(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        var header = lines[0].Split(',');
        var rows = new List<string[]>();
        foreach (var line in lines.Skip(1))
        {
            if (line.Contains('"', StringComparison.Ordinal))
            {
                throw new FormatException($"{path}: quoted cells are not supported: {line}");
            }
            var cells = line.Split(',');
            if (cells.Length != header.Length)
            {
                throw new FormatException($"{path}: {cells.Length} cells where the header has {header.Length}: {line}");
            }
            rows.Add(cells);
        }
        return new CsvTable(header, rows);
    }

    public string Text(string[] row, string column) => row[_columns[column]];

    /// <summary>The cell as a number; null for an empty cell (the source had no value).</summary>
    public double? Number(string[] row, string column) =>
        Text(row, column) is { Length: > 0 } s ? double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture) : null;
}
