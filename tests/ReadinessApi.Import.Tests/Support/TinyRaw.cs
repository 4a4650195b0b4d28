using System.Globalization;
using System.Text;
using ReadinessApi.Import.OpenReadiness;

namespace ReadinessApi.Import.Tests.Support;

/// <summary>
/// A <c>shared/data/raw</c> folder in miniature, written by the test in each publisher's real format (World Bank bulk
/// CSVs with BOM, preamble and quoted wide years; WGI without preamble; Innovation Graph long CSVs with alpha-2
/// codes; Epoch's CSVs with quoted multi-line cells and comma lists; TOP500's US number format; the cloud-region and
/// GAIRI JSON; the IMF table beside the folder), at the paths the embedded mapping names. Three economies (USA,
/// RUS, IND) plus aggregates and labels that are not economies.
/// </summary>
public static class TinyRaw
{
    public static readonly string[] Economies = ["USA", "RUS", "IND"];

    /// <summary>Writes the folder under <paramref name="parent"/> (the IMF table beside it) and returns the raw folder.</summary>
    public static string Write(string parent, Action<Dictionary<string, string>>? change = null)
    {
        var mapping = OpenReadinessMapping.LoadEmbedded();
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in mapping.Sources)
        {
            foreach (var (key, file) in source.Files)
            {
                files[file.Copy] = source.Kind switch
                {
                    SourceKinds.WorldBank => WorldBankBulk(key, preamble: source.Id == "wdi"),
                    SourceKinds.Imf => Imf,
                    SourceKinds.InnovationGraph => InnovationGraph(key),
                    SourceKinds.EpochClusters => EpochClusters,
                    SourceKinds.EpochModels => EpochModels,
                    SourceKinds.Top500 => Top500,
                    SourceKinds.CloudRegions => CloudRegions,
                    SourceKinds.OxfordGairi => Gairi,
                    _ => throw new InvalidOperationException(source.Kind),
                };
            }
        }
        files[mapping.Groups.Copy] = CountryMetadata;
        change?.Invoke(files);
        string raw = Path.Combine(parent, "raw");
        foreach (var (path, text) in files)
        {
            string full = Path.GetFullPath(Path.Combine(raw, path));
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text, path.StartsWith("wdi/", StringComparison.Ordinal) ? new UTF8Encoding(true) : new UTF8Encoding(false));
        }
        return raw;
    }

    /// <summary>A value per economy and indicator that differs by indicator, so a mix-up shows.</summary>
    public static double WorldBankValue(string code, string iso3) => code switch
    {
        "SP.POP.TOTL" => iso3 switch { "USA" => 340_000_000, "RUS" => 143_000_000, _ => 1_430_000_000 },
        "GB.XPD.RSDV.GD.ZS" => iso3 == "USA" ? 3.5 : 1,
        _ when code.EndsWith(".EST", StringComparison.Ordinal) => iso3 == "USA" ? 1.5 : -0.5,
        _ => iso3 == "USA" ? 80 : 20,
    };

    private static string WorldBankBulk(string code, bool preamble)
    {
        var years = Enumerable.Range(2015, 10).ToList();
        var text = new StringBuilder();
        if (preamble)
        {
            text.Append("\"Data Source\",\"World Development Indicators\",\r\n\r\n\"Last Updated Date\",\"2026-07-13\",\r\n\r\n");
        }
        text.Append("\"Country Name\",\"Country Code\",\"Indicator Name\",\"Indicator Code\",")
            .Append(string.Join(',', years.Select(y => $"\"{y}\""))).Append(",\r\n");
        foreach (var (name, iso3) in new[] { ("United States", "USA"), ("Russian Federation", "RUS"), ("India", "IND"), ("World", "WLD") })
        {
            // The latest year has no value for India: its 2023 value is the one to take.
            string Cell(int y) => iso3 == "IND" && y == 2024 ? "" : WorldBankValue(code, iso3 == "WLD" ? "USA" : iso3).ToString("R", CultureInfo.InvariantCulture);
            text.Append($"\"{name}\",\"{iso3}\",\"{code} name\",\"{code}\",").Append(string.Join(',', years.Select(y => $"\"{Cell(y)}\""))).Append(",\r\n");
        }
        return text.ToString();
    }

    private const string CountryMetadata =
        "\"Country Code\",\"Region\",\"IncomeGroup\",\"SpecialNotes\",\"TableName\",\r\n"
        + "\"USA\",\"North America\",\"High income\",\"\",\"United States\",\r\n"
        + "\"RUS\",\"Europe & Central Asia\",\"High income\",\"\",\"Russian Federation\",\r\n"
        + "\"IND\",\"South Asia\",\"Lower middle income\",\"\",\"India\",\r\n"
        + "\"WLD\",\"\",\"\",\"World aggregate\",\"World\",\r\n";

    private const string Imf =
        "rank,iso3,country,ai_pi,digital_infrastructure,human_capital_labor_market_policies,innovation_economic_integration,regulation_ethics\n"
        + "1,USA,United States,0.77,0.2,0.19,0.2,0.18\n"
        + "2,RUS,Russia,0.56,0.16,0.16,0.12,0.12\n"
        + "3,IND,India,0.49,0.1,0.12,0.13,0.14\n";

    /// <summary>Developers etc. per quarter: the latest quarter (2025Q3) is 3 × the first; EU is an aggregate; NA is Namibia.</summary>
    public static string InnovationGraph(string metric)
    {
        var text = new StringBuilder($"{metric},iso2_code,year,quarter\n");
        foreach (var (code, n) in new[] { ("US", 3_000_000), ("RU", 400_000), ("IN", 2_000_000), ("EU", 5_000_000), ("NA", 1_000) })
        {
            text.Append(CultureInfo.InvariantCulture, $"{n},{code},2025,1\n").Append(CultureInfo.InvariantCulture, $"{3 * n},{code},2025,3\n");
        }
        return text.ToString();
    }

    private const string EpochClusters =
        "Name,Status,Certainty,H100 equivalents,Country,Include in Standard Analysis,Sector,Note\n"
        + "Colossus,Existing,Confirmed,100000,United States,True,Private,\"A note\nover two lines, with a comma\"\n"
        + "Frontier,Existing,Confirmed,50000,United States,True,Public,\n"
        + "Sber cluster,Existing,Likely,1772,Russia,True,Private,\n"
        + "Planned one,Planned,Likely,900000,India,,Private,\n"
        + "Company plan,Existing,Unlikely,5000,,True,Private,\n"
        + "Unestimated,Existing,Likely,,India,True,Private,\n";

    private const string EpochModels =
        "Model,Organization,Publication date,Organization categorization,Country (of organization)\n"
        + "GPT-x,OpenAI,2024-05-01,Industry,United States\n"
        + "Joint,\"Google,University\",2023-01-01,\"Industry,Academia\",\"United States,India\"\n"
        + "GigaChat,Sber,2023-04-01,Industry,Russia\n"
        + "Old,Lab,2019-12-31,Industry,Russia\n"
        + "Global,Consortium,2022-01-01,Research collective,Multinational\n";

    private const string Top500 =
        "Rank,Name,Country,\"Rmax [TFlop/s]\",Segment\n"
        + "1,El Capitan,United States,\"1,742,000.00\",Research\n"
        + "2,Frontier,United States,\"1,353,000.00\",Research\n"
        + "75,Chervonenkis,Russia,\"21,530.00\",Industry\n";

    private const string CloudRegions =
        """{"metadata":{"lastUpdated":"2026-01-21"},"providers":[],"regions":[""" +
        """{"id":"aws-us-east-1","provider":"aws","regionType":"commercial","status":"ga","location":{"countryCode":"US"}},""" +
        """{"id":"gcp-us-east4","provider":"gcp","regionType":"commercial","status":"ga","location":{"countryCode":"US"}},""" +
        """{"id":"aws-us-gov-west-1","provider":"aws","regionType":"government","status":"ga","location":{"countryCode":"US"}},""" +
        """{"id":"ovh-in","provider":"ovh","regionType":"commercial","status":"ga","location":{"countryCode":"IN"}},""" +
        """{"id":"aws-ap-south-2","provider":"aws","regionType":"commercial","status":"preview","location":{"countryCode":"IN"}}""" +
        """]}""";

    private const string Gairi =
        """[{"id":1,"name":"United States of America","code":"US","total":87.0,"policy_capacity":70,"ai_sector_maturity":95.5},""" +
        """{"id":2,"name":"Russia","code":"RU","total":60.1,"policy_capacity":65.5,"ai_sector_maturity":30},""" +
        """{"id":3,"name":"India","code":"IN","total":62.0,"policy_capacity":80,"ai_sector_maturity":45},""" +
        """{"id":4,"name":"Namibia","code":"NA","total":30.0,"policy_capacity":20,"ai_sector_maturity":5}]""";
}
