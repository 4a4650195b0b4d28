using System.Globalization;

namespace ReadinessApi.Import.Raw;

/// <summary>
/// The TOP500 list as exported with US number formats (comma separated, <c>"1,742,000.00"</c>): one row per
/// system, country by English name. Field <c>rmax</c>: the sum of <c>Rmax [TFlop/s]</c> per country. Only
/// this per-country statistic leaves the tool; the row-level list has no open licence.
/// </summary>
public static class Top500File
{
    public const string Rmax = "rmax";

    public static PublisherValues Read(string text, string file, string period)
    {
        var values = new PublisherValues(file);
        var sums = new CountrySums();
        using (var reader = RawCsv.Open(text, file, ',', "Country", "Rmax [TFlop/s]"))
        {
            foreach (var row in reader)
            {
                if (values.Name(row["Country"].ToString()) is not { } iso3)
                {
                    continue;
                }
                string cell = row["Rmax [TFlop/s]"].ToString();
                if (!double.TryParse(cell, NumberStyles.AllowThousands | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double rmax))
                {
                    throw ImportException.Schema(file, file, $"line {row.LineNumberFrom}: Rmax '{cell}' is not a number in the US format");
                }
                sums.Add(iso3, rmax, row.LineNumberFrom);
            }
        }
        sums.Fill(values.Field(Rmax), period, file);
        return values;
    }
}
