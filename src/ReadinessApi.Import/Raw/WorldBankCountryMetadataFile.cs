using ReadinessApi.Import.Publishers;

namespace ReadinessApi.Import.Raw;

/// <summary>
/// The <c>Metadata_Country_…csv</c> companion of a World Bank bulk download: <c>Country Code</c>, <c>Region</c>,
/// <c>IncomeGroup</c> by name. An empty region marks an aggregate. Region and income names become the ids the
/// World Bank API uses for them, so the groups read the same from either source.
/// </summary>
public static class WorldBankCountryMetadataFile
{
    private static readonly Dictionary<string, string> Regions = new(StringComparer.Ordinal)
    {
        ["East Asia & Pacific"] = "EAS",
        ["Europe & Central Asia"] = "ECS",
        ["Latin America & Caribbean"] = "LCN",
        ["Middle East & North Africa"] = "MEA",
        ["Middle East, North Africa, Afghanistan & Pakistan"] = "MEA",
        ["North America"] = "NAC",
        ["South Asia"] = "SAS",
        ["Sub-Saharan Africa"] = "SSF",
    };

    private static readonly Dictionary<string, string> Incomes = new(StringComparer.Ordinal)
    {
        ["High income"] = "HIC",
        ["Upper middle income"] = "UMC",
        ["Lower middle income"] = "LMC",
        ["Low income"] = "LIC",
    };

    public static IReadOnlyList<WorldBankCountry> Read(string text, string file)
    {
        var countries = new List<WorldBankCountry>();
        using var reader = RawCsv.Open(text, file, ',', "Country Code", "Region", "IncomeGroup", "TableName");
        foreach (var row in reader)
        {
            string code = row["Country Code"].ToString().Trim();
            string region = row["Region"].ToString().Trim();
            string income = row["IncomeGroup"].ToString().Trim();
            string name = row["TableName"].ToString().Trim();
            if (region.Length == 0)
            {
                countries.Add(new WorldBankCountry(code, name, "NA", "Aggregates", "", "", ""));
                continue;
            }
            if (!Regions.TryGetValue(region, out var regionId))
            {
                throw ImportException.Schema(file, file, $"line {row.LineNumberFrom}: unknown region '{region}'");
            }
            string incomeId = income.Length == 0 ? "" : Incomes.TryGetValue(income, out var i) ? i
                : throw ImportException.Schema(file, file, $"line {row.LineNumberFrom}: unknown income group '{income}'");
            countries.Add(new WorldBankCountry(code, name, regionId, region, incomeId, income, ""));
        }
        return countries;
    }
}
