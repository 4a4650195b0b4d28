using System.Globalization;

namespace ReadinessApi.Import.Raw;

/// <summary>
/// Epoch AI's GPU clusters (<c>gpu_clusters.csv</c>): one row per cluster, country by English name. Field
/// <c>h100e</c>: the sum of <c>H100 equivalents</c> over existing clusters in Epoch's standard set
/// (<c>Status</c> = Existing, <c>Include in Standard Analysis</c> = True), by the country where the cluster is.
/// A country listed only with clusters that have no estimate has an empty (missing) value, not a zero.
/// </summary>
public static class EpochClustersFile
{
    public const string H100e = "h100e";

    public static PublisherValues Read(string text, string file, string period)
    {
        var values = new PublisherValues(file);
        var sums = new CountrySums();
        using (var reader = RawCsv.Open(text, file, ',', "Status", "Include in Standard Analysis", "Country", "H100 equivalents"))
        {
            foreach (var row in reader)
            {
                if (row["Status"].ToString() != "Existing" || row["Include in Standard Analysis"].ToString() != "True")
                {
                    continue;
                }
                string country = row["Country"].ToString();
                if (country.Trim().Length == 0)
                {
                    values.WithoutLabel();
                    continue;
                }
                if (values.Name(country) is not { } iso3)
                {
                    continue;
                }
                string cell = row["H100 equivalents"].ToString();
                double? h = null;
                if (cell.Length > 0)
                {
                    h = double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v >= 0 ? v
                        : throw ImportException.Schema(file, file, $"line {row.LineNumberFrom}: H100 equivalents '{cell}' is not a count");
                }
                sums.Add(iso3, h, row.LineNumberFrom);
            }
        }
        sums.Fill(values.Field(H100e), period, file);
        return values;
    }
}
