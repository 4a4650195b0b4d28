using System.Globalization;
using nietras.SeparatedValues;

namespace ReadinessApi.Import.Cohorts;

/// <summary>One economy of a cohort: its values in the order of <see cref="CohortTable.Nodes"/>, null = missing.</summary>
public sealed record CohortRow(string Country, string Name, double?[] Values);

/// <summary>
/// A cohort as the service loads it: <c>&lt;id&gt;.csv</c> with header <c>country,name,&lt;node ids...&gt;</c>,
/// one row per economy, an empty cell for a missing value.
/// </summary>
public sealed record CohortTable(string Id, string Methodology, IReadOnlyList<string> Nodes, IReadOnlyList<CohortRow> Rows)
{
    /// <summary>The CSV text (RFC 4180; numbers in invariant culture, shortest round-trip form).</summary>
    public string ToCsv()
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        using (var writer = Sep.New(',').Writer(o => o with { Escape = true }).To(text))
        {
            foreach (var r in Rows)
            {
                using var row = writer.NewRow();
                row["country"].Set(r.Country);
                row["name"].Set(r.Name);
                for (int i = 0; i < Nodes.Count; i++)
                {
                    row[Nodes[i]].Set(r.Values[i] is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "");
                }
            }
        }
        return text.ToString();
    }

    /// <summary>How many rows have a value for each node.</summary>
    public IReadOnlyDictionary<string, int> CountsByNode() =>
        Nodes.Select((n, i) => (n, Rows.Count(r => r.Values[i] is not null))).ToDictionary(x => x.n, x => x.Item2, StringComparer.Ordinal);
}
