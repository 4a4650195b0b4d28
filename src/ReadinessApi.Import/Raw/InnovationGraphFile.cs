using System.Globalization;
using ReadinessApi.Import.Publishers;

namespace ReadinessApi.Import.Raw;

/// <summary>
/// One metric file of the GitHub Innovation Graph (<c>developers.csv</c>, <c>organizations.csv</c>, ...): long
/// format <c>&lt;metric&gt;,iso2_code,year,quarter</c>, one row per economy and quarter. Each economy's latest
/// quarter is its value. <c>NA</c> is Namibia (read as text), <c>EU</c> an aggregate.
/// </summary>
public static class InnovationGraphFile
{
    public static PublisherValues Read(string text, string file, string metric)
    {
        var values = new PublisherValues(file);
        var latest = new Dictionary<string, (int Year, int Quarter, double Value, int Row)>(StringComparer.Ordinal);
        using (var reader = RawCsv.Open(text, file, ',', metric, "iso2_code", "year", "quarter"))
        {
            foreach (var row in reader)
            {
                string code = row["iso2_code"].ToString();
                if (code.Length == 0)
                {
                    values.WithoutLabel();
                    continue;
                }
                if (values.Alpha2(code) is not { } iso3)
                {
                    continue;
                }
                int line = row.LineNumberFrom;
                if (!double.TryParse(row[metric].ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
                    || !int.TryParse(row["year"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out int year)
                    || !int.TryParse(row["quarter"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out int quarter))
                {
                    throw ImportException.Schema(file, file, $"line {line}: value, year or quarter is not a number");
                }
                if (!latest.TryGetValue(iso3, out var seen) || (year, quarter).CompareTo((seen.Year, seen.Quarter)) > 0)
                {
                    latest[iso3] = (year, quarter, v, line);
                }
            }
        }
        var field = values.Field(metric);
        foreach (var (iso3, l) in latest)
        {
            field[iso3] = new Observation(l.Value, $"{l.Year}Q{l.Quarter}", file, l.Row.ToString(CultureInfo.InvariantCulture));
        }
        return values;
    }
}
