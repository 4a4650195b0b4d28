using System.Globalization;
using System.Text;

namespace ReadinessApi.Tests.Infrastructure;

/// <summary>
/// Builds cohort folders at run time: the published tables from ../shared/data converted to the cohort
/// format (never copied into the repository), and small hand-made cohorts whose expectations the tests
/// work out by hand. Folders live under the system temp directory and are removed when the run ends.
/// </summary>
public static class CohortFolders
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), $"readiness-cohorts-{Environment.ProcessId}");
    private static readonly Lazy<string> SharedFolder = new(BuildShared);

    static CohortFolders()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a temp folder left behind is harmless.
            }
        };
    }

    /// <summary>The folder every test host mounts as Cohorts:Directory: the hand-made cohorts, plus the published ones where ../shared/data has them.</summary>
    public static string Shared => SharedFolder.Value;

    /// <summary>Readiness-v1 pillars; expectations worked out in <c>CohortsEndpointsTests</c>.</summary>
    public const string TestPillarsCsv = """
        country,name,innovation,implementation,investment,computeAccess
        DEU,Germany,40,60,30,70
        FRA,France,50,50,50,50
        IND,India,20,30,40,50
        RUS,Russia,18.5,33,9,6
        BRA,Brazil,10,,,
        USA,"United States, of America",80,90,70,
        """;

    public const string TestPillarsJson = """
        { "title": "Test pillars", "source": "Made up by the tests", "license": "CC0-1.0", "methodology": "readiness-v1" }
        """;

    /// <summary>gaii-2021 leaves, so the cohort rescale can be worked out by hand (raw = weighted mean, then min–max).</summary>
    public const string TestGaiiCsv = """
        country,name,talent,infrastructure,operatingEnvironment,research,development,governmentStrategy,commercial
        USA,United States,100,100,100,100,100,100,100
        GBR,United Kingdom,50,50,50,50,50,50,50
        CHN,China,100,0,0,0,0,0,0
        PAK,Pakistan,10,10,10,10,10,10,10
        """;

    public const string TestGaiiJson = """{ "title": "Test GAII", "methodology": "gaii-2021" }""";

    /// <summary>A new folder holding <paramref name="files"/> (name → content).</summary>
    public static string Create(params (string Name, string Content)[] files)
    {
        var dir = Path.Combine(Root, Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        foreach (var (name, content) in files)
        {
            File.WriteAllText(Path.Combine(dir, name), content);
        }
        return dir;
    }

    /// <summary>
    /// The IMF AI Preparedness Index table as the cohort <c>imf-aipi-2023</c>: iso3 → country, label →
    /// name, and the four dimension columns renamed to the methodology's node ids. Null without the table.
    /// </summary>
    public static (string Csv, string Json)? ImfCohort()
    {
        var table = SharedData.File("imf_aipi_2023.csv");
        if (table is null)
        {
            return null;
        }
        var csv = Convert(table, "iso3", "country", [
            ("digital_infrastructure", "digitalInfrastructure"),
            ("human_capital_labor_market_policies", "humanCapital"),
            ("innovation_economic_integration", "innovationIntegration"),
            ("regulation_ethics", "regulationEthics")]);
        const string json = """
            { "title": "IMF AI Preparedness Index 2023", "source": "International Monetary Fund, AI Preparedness Index (DataMapper dataset AIPI), 2023 vintage. Source: International Monetary Fund.", "license": "IMF terms: reuse with attribution", "methodology": "imf-aipi-2023" }
            """;
        return (csv, json);
    }

    /// <summary>The Tortoise Global AI Index 2021 sub-pillars as the cohort <c>gaii-2021</c>. Null without the table.</summary>
    public static (string Csv, string Json)? GaiiCohort()
    {
        var table = SharedData.File("tortoise_gaii_2021.csv");
        if (table is null)
        {
            return null;
        }
        var csv = Convert(table, "iso3", "country", [
            ("talent", "talent"), ("infrastructure", "infrastructure"), ("operating_environment", "operatingEnvironment"),
            ("research", "research"), ("development", "development"), ("government_strategy", "governmentStrategy"),
            ("commercial", "commercial")]);
        const string json = """
            { "title": "Tortoise Global AI Index 2021", "source": "Tortoise Media, The Global AI Index 2021 (test fixture only)", "license": "All rights reserved (Tortoise Media)", "methodology": "gaii-2021" }
            """;
        return (csv, json);
    }

    /// <summary>Reads a published table (plain CSV: no quoted fields) by column name and writes the cohort format.</summary>
    public static string Convert(string path, string countryColumn, string nameColumn, (string From, string To)[] columns)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        int Index(string name) => Array.IndexOf(header, name) is var i and >= 0 ? i : throw new InvalidDataException($"{path} has no column '{name}'");
        int country = Index(countryColumn), name = Index(nameColumn);
        var indices = columns.Select(c => Index(c.From)).ToArray();
        var csv = new StringBuilder("country,name,").AppendJoin(',', columns.Select(c => c.To)).Append('\n');
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var f = line.Split(',');
            csv.Append(f[country]).Append(',').Append(f[name]);
            foreach (int i in indices)
            {
                csv.Append(',').Append(f[i]);
            }
            csv.Append('\n');
        }
        return csv.ToString();
    }

    /// <summary>Parses a number the way the published tables write them.</summary>
    public static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private static string BuildShared()
    {
        var files = new List<(string, string)>
        {
            ("test-pillars.csv", TestPillarsCsv),
            ("test-pillars.json", TestPillarsJson),
            ("test-gaii.csv", TestGaiiCsv),
            ("test-gaii.json", TestGaiiJson),
        };
        if (ImfCohort() is var (imfCsv, imfJson))
        {
            files.Add(("imf-aipi-2023.csv", imfCsv));
            files.Add(("imf-aipi-2023.json", imfJson));
        }
        if (GaiiCohort() is var (gaiiCsv, gaiiJson))
        {
            files.Add(("gaii-2021.csv", gaiiCsv));
            files.Add(("gaii-2021.json", gaiiJson));
        }
        return Create([.. files]);
    }
}
