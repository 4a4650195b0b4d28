using ReadinessApi.Scoring.Cohorts;
using ReadinessApi.Tests.Infrastructure;

namespace ReadinessApi.Tests.Cohorts;

/// <summary>A malformed cohort stops the service from starting, with the file, line and column to fix; nothing is half-loaded.</summary>
[Collection(ApiCollection.Name)]
public sealed class CohortStartupTests(ApiHost host)
{
    private const string Header = "country,name,innovation,implementation,investment,computeAccess\n";
    private const string Readiness = """{ "methodology": "readiness-v1" }""";

    private async Task<Exception> StartFailsAsync(string directory)
    {
        await using var factory = new ApiFactory(host.Redis).WithSettings(new Dictionary<string, string?> { ["Cohorts:Directory"] = directory });
        return Assert.ThrowsAny<Exception>(() => factory.Server);
    }

    private static CohortFormatException Format(Exception e) =>
        e as CohortFormatException ?? e.InnerException as CohortFormatException
        ?? throw new Xunit.Sdk.XunitException($"Expected a CohortFormatException, got {e}");

    [Theory]
    [InlineData("bad number", Header + "RUS,Russia,18.5,33,9,6\nDEU,Germany,40,6O,30,70\n", 3, 4, "'6O' is not a number (column 'implementation'")]
    [InlineData("missing column", "country,name,innovation,implementation\nRUS,Russia,18.5,33\nDEU,Germany,40\n", 3, 4, "missing column")]
    [InlineData("duplicate country", Header + "RUS,Russia,18.5,33,9,6\nDEU,Germany,40,60,30,70\nRUS,Russia,1,2,3,4\n", 4, 1, "duplicate country 'RUS' (first on line 2)")]
    [InlineData("unknown node", "country,name,innovation,quantumReadiness\nRUS,Russia,18.5,3\n", 1, 4, "unknown node 'quantumReadiness'")]
    public async Task Start_MalformedCohort_StopsWithFileLineAndColumn(string what, string csv, int line, int column, string reason)
    {
        var dir = CohortFolders.Create(("good.csv", Header + "RUS,Russia,18.5,33,9,6\n"), ("broken.csv", csv), ("broken.json", Readiness));

        var error = Format(await StartFailsAsync(dir));

        Assert.Equal(Path.Combine(dir, "broken.csv"), error.File);
        Assert.True((line, column) == (error.Line, error.Column), $"{what}: expected {line}:{column}, got {error.Message}");
        Assert.Contains(reason, error.Reason);
        Assert.StartsWith($"{Path.Combine(dir, "broken.csv")}:{line}:{column}: ", error.Message);
    }

    [Fact]
    public async Task Start_MalformedMetadata_StopsWithItsPosition()
    {
        var dir = CohortFolders.Create(("a.csv", Header + "RUS,Russia,1,2,3,4\n"), ("a.json", "{\n  \"methodology\": \"readiness-v9\"\n}"));
        var error = Format(await StartFailsAsync(dir));
        Assert.Equal((Path.Combine(dir, "a.json"), 2, 18), (error.File, error.Line, error.Column));
        Assert.Contains("unknown methodology 'readiness-v9'", error.Reason);
    }

    [Fact]
    public async Task Start_ImporterOutput_Loads_AndAStrayMetadataFileIsReported()
    {
        // What the importer writes beside a cohort: metadata with more fields than the service reads, a
        // provenance sub-folder, peer groups, a staging folder. A .json without its .csv is only a warning.
        var dir = CohortFolders.Create(
            ("a.csv", Header + "RUS,Russia,1,2,3,4\n"),
            ("a.json", """{ "title": "A", "methodology": "readiness-v1", "sources": [ { "address": "x" } ], "coverage": { "innovation": 1 } }"""),
            ("groups.worldbank.json", """{ "groups": [ { "id": "wb-region-ecs", "name": "Europe & Central Asia", "kind": "wbRegion", "asOf": "2026-07-20", "source": "World Bank", "members": ["RUS"] } ] }"""),
            ("b.json", Readiness));
        Directory.CreateDirectory(Path.Combine(dir, "provenance"));
        File.WriteAllText(Path.Combine(dir, "provenance", "a.csv"), "country,node,indicator\n");
        Directory.CreateDirectory(Path.Combine(dir, ".staging-1"));
        var logs = new LogCollector();
        await using var factory = new ApiFactory(host.Redis).WithSettings(new Dictionary<string, string?> { ["Cohorts:Directory"] = dir }).WithLogger(logs);

        var list = await factory.CreateClient().GetStringAsync("/v1/cohorts");

        Assert.Contains("\"id\":\"a\"", list);
        Assert.Single(System.Text.Json.JsonDocument.Parse(list).RootElement.EnumerateArray());
        var warning = Assert.Single(logs.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Category.EndsWith("CohortRegistry", StringComparison.Ordinal));
        Assert.Contains("b.json has no b.csv", warning.Message);
    }

    [Fact]
    public async Task Start_NothingMounted_ServesTheBuiltInCohortAndWorldBankGroups()
    {
        await using var factory = new ApiFactory(host.Redis).WithSettings(new Dictionary<string, string?> { ["Cohorts:Directory"] = "", ["Cohorts:BuiltIn"] = "true" });
        var client = factory.CreateClient();

        var cohorts = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/v1/cohorts")).RootElement;
        var open = Assert.Single(cohorts.EnumerateArray());
        Assert.Equal("open-readiness", open.GetProperty("id").GetString());
        Assert.Equal(83, open.GetProperty("size").GetInt32());
        Assert.StartsWith("CC BY-SA 4.0", open.GetProperty("license").GetString());
        var groups = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/v1/groups")).RootElement.EnumerateArray()
            .Select(g => g.GetProperty("id").GetString()!).ToList();
        Assert.Contains("wb-region-ecs", groups);
        Assert.Contains("wb-income-hic", groups);
    }

    [Fact]
    public async Task Start_MountedCohortAndGroupsWithTheBuiltInNames_ReplaceThem_AndTheLogSaysSo()
    {
        var dir = CohortFolders.Create(
            ("open-readiness.csv", Header + "RUS,Russia,1,2,3,4\n"),
            ("groups.worldbank.json", """{ "groups": [ { "id": "wb-region-ecs", "name": "Europe & Central Asia", "kind": "wbRegion", "asOf": "2026-07-20", "source": "World Bank", "members": ["RUS"] } ] }"""));
        var logs = new LogCollector();
        await using var factory = new ApiFactory(host.Redis).WithSettings(new Dictionary<string, string?> { ["Cohorts:Directory"] = dir, ["Cohorts:BuiltIn"] = "true" }).WithLogger(logs);
        var client = factory.CreateClient();

        var cohort = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/v1/cohorts/open-readiness")).RootElement;
        Assert.Equal(["RUS"], cohort.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("country").GetString()));
        var groups = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/v1/groups")).RootElement.EnumerateArray()
            .Select(g => g.GetProperty("id").GetString()!).ToList();
        Assert.Contains("wb-region-ecs", groups);
        Assert.DoesNotContain("wb-income-hic", groups);
        Assert.Contains(logs.Entries, e => e.Message.Contains($"Cohort open-readiness mounted in {dir} replaces the built-in cohort of the same id", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.Message.Contains("groups.worldbank.json mounted in", StringComparison.Ordinal) && e.Message.Contains("replace the built-in file", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_MissingDirectory_Stops()
    {
        var error = await StartFailsAsync(Path.Combine(Path.GetTempPath(), "no-such-cohorts-" + Guid.NewGuid()));
        Assert.IsType<DirectoryNotFoundException>(error is DirectoryNotFoundException ? error : error.InnerException);
    }

    [Fact]
    public async Task Start_ValidFolder_LoadsEveryCohortAndSkipsDotFiles()
    {
        var dir = CohortFolders.Create(("a.csv", Header + "RUS,Russia,1,2,3,4\n"), ("b.csv", Header + "DEU,Germany,1,2,3,4\nFRA,France,5,6,7,8\n"),
            (".hidden.csv", "not a cohort"), ("README.md", "ignored"));
        await using var factory = new ApiFactory(host.Redis).WithSettings(new Dictionary<string, string?> { ["Cohorts:Directory"] = dir });
        var list = await factory.CreateClient().GetStringAsync("/v1/cohorts");
        Assert.Contains("\"id\":\"a\"", list);
        Assert.Contains("\"id\":\"b\",", list);
        Assert.DoesNotContain("hidden", list);
    }
}
