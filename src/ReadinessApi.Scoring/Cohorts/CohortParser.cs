using System.Globalization;
using System.Text.RegularExpressions;
using ReadinessApi.Scoring.Countries;

namespace ReadinessApi.Scoring.Cohorts;

/// <summary>
/// Reads a cohort file: CSV with the header <c>country,name,&lt;node ids...&gt;</c>, one member per row,
/// an empty cell for a missing value. Everything is checked before anything is returned (a file is
/// loaded whole or not at all), and every problem names file, line and column.
/// </summary>
public static partial class CohortParser
{
    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex IdPattern();

    public static bool IsValidId(string id) => IdPattern().IsMatch(id);

    /// <param name="id">The cohort id (the file name without <c>.csv</c>).</param>
    /// <param name="file">The file name errors should name.</param>
    /// <param name="csv">The whole file.</param>
    /// <param name="metadata">From the <c>.json</c> beside it; when it names a methodology, columns and values are checked against it.</param>
    /// <param name="catalog">The methodologies whose node ids a column may name.</param>
    public static Cohort Parse(string id, string file, string csv, CohortMetadata? metadata, MethodologyCatalog catalog)
    {
        if (!IsValidId(id))
        {
            throw new CohortFormatException(file, 1, 1, $"the cohort id '{id}' (the file name) must be lower-case letters, digits and hyphens");
        }
        metadata ??= CohortMetadata.Empty;
        Methodology? declared = null;
        if (metadata.Methodology is { } mid && !catalog.TryGet(mid, out declared))
        {
            throw new CohortFormatException(file, 1, 1, $"unknown methodology '{mid}' in the cohort's metadata");
        }
        var reader = new CsvReader(csv);
        try
        {
            var header = reader.Read() ?? throw new CohortFormatException(file, 1, 1, "the file is empty; expected the header country,name,<node ids...>");
            int headerLine = reader.Line;
            var columns = ReadHeader(file, headerLine, header, declared, catalog);
            var nodeIndex = declared is null ? null : columns.Select(c => declared.TryGetIndex(c, out int i) ? i : -1).ToArray();

            var members = new List<CohortMember>();
            var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
            Span<double> bound = declared is null ? [] : new double[declared.Count];
            while (reader.Read() is { } fields)
            {
                int line = reader.Line;
                if (fields.Count != header.Count)
                {
                    throw new CohortFormatException(file, line, Math.Min(fields.Count, header.Count) + 1, fields.Count < header.Count
                        ? $"missing column: the row has {fields.Count} fields, the header has {header.Count} (column '{header[fields.Count]}' is missing)"
                        : $"the row has {fields.Count} fields, the header has {header.Count}");
                }
                var country = fields[0].Trim();
                if (country.Length == 0)
                {
                    throw new CohortFormatException(file, line, 1, "country is empty");
                }
                if (!IsoCountries.IsKnown(country))
                {
                    throw new CohortFormatException(file, line, 1, $"'{country}' is not an ISO 3166-1 alpha-3 country code (three upper-case letters, e.g. RUS)");
                }
                if (!firstLine.TryAdd(country, line))
                {
                    throw new CohortFormatException(file, line, 1, $"duplicate country '{country}' (first on line {firstLine[country]})");
                }
                var name = fields[1].Trim();
                if (name.Any(char.IsControl))
                {
                    throw new CohortFormatException(file, line, 2, "the name contains a control character (a line break or tab)");
                }
                if (name.Length == 0)
                {
                    name = IsoCountries.NameOf(country)!;
                }
                var inputs = new Dictionary<string, double>(columns.Count, StringComparer.Ordinal);
                bound.Fill(double.NaN);
                for (int c = 0; c < columns.Count; c++)
                {
                    var cell = fields[c + 2].Trim();
                    if (cell.Length == 0)
                    {
                        continue;
                    }
                    int column = c + 3;
                    if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) || !double.IsFinite(x))
                    {
                        throw new CohortFormatException(file, line, column, $"'{cell}' is not a number (column '{columns[c]}'; use a plain decimal such as 0.25, and an empty cell for a missing value)");
                    }
                    if (declared is not null)
                    {
                        if (InputBinder.CheckValue(declared, nodeIndex![c], x) is { } message)
                        {
                            throw new CohortFormatException(file, line, column, message);
                        }
                        bound[nodeIndex[c]] = x;
                    }
                    inputs[columns[c]] = x;
                }
                if (declared is not null)
                {
                    List<InputError>? errors = null;
                    InputBinder.CheckAmbiguity(declared, bound, ref errors);
                    if (errors is [var first, ..])
                    {
                        throw new CohortFormatException(file, line, columns.IndexOf(first.NodeId) + 3, first.Message);
                    }
                }
                members.Add(new CohortMember(country, name, inputs));
            }
            if (members.Count == 0)
            {
                throw new CohortFormatException(file, headerLine + 1, 1, "the cohort has no members (no rows after the header)");
            }
            return Cohort.Create(id, columns, [.. members], metadata);
        }
        catch (CsvSyntaxException e)
        {
            throw new CohortFormatException(file, e.Line, e.Column, e.Message);
        }
    }

    private static List<string> ReadHeader(string file, int line, List<string> header, Methodology? declared, MethodologyCatalog catalog)
    {
        string[] required = ["country", "name"];
        for (int i = 0; i < required.Length; i++)
        {
            if (header.Count <= i || header[i].Trim() != required[i])
            {
                throw new CohortFormatException(file, line, i + 1,
                    $"missing column '{required[i]}': the header must begin with country,name (then the node ids)");
            }
        }
        if (header.Count == 2)
        {
            throw new CohortFormatException(file, line, 3, "the header names no node columns after country,name");
        }
        var columns = new List<string>(header.Count - 2);
        for (int i = 2; i < header.Count; i++)
        {
            var id = header[i].Trim();
            int column = i + 1;
            if (id.Length == 0)
            {
                throw new CohortFormatException(file, line, column, "empty column name in the header");
            }
            if (columns.Contains(id) || id is "country" or "name")
            {
                throw new CohortFormatException(file, line, column, $"column '{id}' appears more than once");
            }
            if (declared is not null)
            {
                if (!declared.TryGetIndex(id, out int index) || index == 0)
                {
                    throw new CohortFormatException(file, line, column,
                        $"unknown node '{id}': not an input node of methodology '{declared.Id}' ({string.Join(", ", declared.Nodes.Skip(1).Select(n => n.Id))})");
                }
            }
            else if (!catalog.All.Any(m => m.TryGetIndex(id, out int index) && index > 0))
            {
                throw new CohortFormatException(file, line, column,
                    $"unknown node '{id}': not a node of any methodology ({string.Join(", ", catalog.All.Select(m => m.Id))})");
            }
            columns.Add(id);
        }
        return columns;
    }
}
