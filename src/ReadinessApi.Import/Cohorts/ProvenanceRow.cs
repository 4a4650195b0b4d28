using System.Globalization;
using nietras.SeparatedValues;

namespace ReadinessApi.Import.Cohorts;

/// <summary>
/// One line of a cohort's provenance file (<c>provenance/&lt;id&gt;.csv</c>): an input value and how it
/// entered a node's value, or (with <see cref="Indicator"/> = <see cref="NodeValue"/>) the node's value
/// itself with how many inputs it had. Every number of the cohort traces to such lines.
/// </summary>
public sealed record ProvenanceRow
{
    /// <summary>The indicator id used for the line that carries a node's resulting value.</summary>
    public const string NodeValue = "(value)";

    public static readonly string[] Header =
        ["country", "node", "indicator", "source", "file", "rows", "field", "period", "raw", "denominator", "denominator_period", "value", "normalised", "weight", "note"];

    public required string Country { get; init; }
    public required string Node { get; init; }
    public required string Indicator { get; init; }
    public string Source { get; init; } = "";
    /// <summary>The publisher's file the value was read from (e.g. <c>developers.csv</c>).</summary>
    public string File { get; init; } = "";
    /// <summary>The file's line numbers (CSV, header = 1) or record numbers (JSON) behind the value, space-separated; several for a sum.</summary>
    public string Rows { get; init; } = "";
    /// <summary>The field the tool read: indicator code, metric or aggregate (with any subtraction spelled out).</summary>
    public string Field { get; init; } = "";
    /// <summary>The period the raw value refers to (a year, "2025-06", "2025Q3", "2025-01-15").</summary>
    public string Period { get; init; } = "";
    public double? Raw { get; init; }
    public double? Denominator { get; init; }
    public string DenominatorPeriod { get; init; } = "";
    /// <summary>The value after the per-capita division (the one the goalposts apply to).</summary>
    public double? Value { get; init; }
    /// <summary>0–100 after goalposts (and log); for a <see cref="NodeValue"/> line, the node's value.</summary>
    public double? Normalised { get; init; }
    public double? Weight { get; init; }
    public string Note { get; init; } = "";

    public static byte[] ToCsv(IEnumerable<ProvenanceRow> rows)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        using (var writer = Sep.New(',').Writer(o => o with { Escape = true }).To(text))
        {
            foreach (var p in rows)
            {
                using var row = writer.NewRow();
                row["country"].Set(p.Country);
                row["node"].Set(p.Node);
                row["indicator"].Set(p.Indicator);
                row["source"].Set(p.Source);
                row["file"].Set(p.File);
                row["rows"].Set(p.Rows);
                row["field"].Set(p.Field);
                row["period"].Set(p.Period);
                row["raw"].Set(Num(p.Raw));
                row["denominator"].Set(Num(p.Denominator));
                row["denominator_period"].Set(p.DenominatorPeriod);
                row["value"].Set(Num(p.Value));
                row["normalised"].Set(Num(p.Normalised));
                row["weight"].Set(Num(p.Weight));
                row["note"].Set(p.Note);
            }
        }
        return System.Text.Encoding.UTF8.GetBytes(text.ToString());
    }

    private static string Num(double? v) => v is { } d ? d.ToString("R", CultureInfo.InvariantCulture) : "";
}
