using System.Globalization;

namespace ReadinessApi.Import.Raw;

/// <summary>
/// Epoch AI's notable AI models (<c>notable_ai_models.csv</c>): one row per model, <c>Country (of organization)</c>
/// and <c>Organization categorization</c> as parallel comma lists. Fields, for models published from
/// <see cref="FromYear"/> on, whole counting (each country once per model):
/// <c>models</c>, every model; <c>industryModels</c>, models with an organisation categorised Industry in that
/// country. When the two lists do not align, a single-country model counts if any organisation is Industry,
/// an all-Industry model counts for all its countries, and a mixed one is skipped (and counted on the terminal).
/// </summary>
public static class EpochModelsFile
{
    public const string Models = "models";
    public const string IndustryModels = "industryModels";
    public const int FromYear = 2020;

    public static PublisherValues Read(string text, string file, string period, out int skippedMixed)
    {
        var values = new PublisherValues(file);
        var all = new CountrySums();
        var industry = new CountrySums();
        skippedMixed = 0;
        using (var reader = RawCsv.Open(text, file, ',', "Publication date", "Country (of organization)", "Organization categorization"))
        {
            foreach (var row in reader)
            {
                string date = row["Publication date"].ToString();
                if (date.Length < 4 || !int.TryParse(date.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out int year))
                {
                    throw ImportException.Schema(file, file, $"line {row.LineNumberFrom}: publication date '{date}' has no year");
                }
                if (year < FromYear)
                {
                    continue;
                }
                var labels = Split(row["Country (of organization)"].ToString());
                if (labels.Count == 0)
                {
                    values.WithoutLabel();
                    continue;
                }
                var countries = labels.Select(values.Name).ToList();
                var categories = Split(row["Organization categorization"].ToString());
                int line = row.LineNumberFrom;
                foreach (var iso3 in countries.OfType<string>().Distinct())
                {
                    all.Add(iso3, 1, line);
                }
                IEnumerable<string?> credited =
                    categories.Count == countries.Count ? countries.Where((_, i) => categories[i] == "Industry")
                    : countries.Distinct().Count() == 1 ? (categories.Contains("Industry") ? countries.Take(1) : [])
                    : categories.Count > 0 && categories.All(c => c == "Industry") ? countries
                    : Skip(ref skippedMixed, categories.Contains("Industry"));
                foreach (var iso3 in credited.OfType<string>().Distinct())
                {
                    industry.Add(iso3, 1, line);
                }
            }
        }
        all.Fill(values.Field(Models), period, file);
        industry.Fill(values.Field(IndustryModels), period, file);
        return values;
    }

    private static IEnumerable<string?> Skip(ref int skipped, bool hadIndustry)
    {
        if (hadIndustry)
        {
            skipped++;
        }
        return [];
    }

    private static List<string> Split(string cell) =>
        [.. cell.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
}
