using ReadinessApi.Import.Tests.Support;

namespace ReadinessApi.Import.Tests;

/// <summary>
/// The <c>reference</c> verb end to end, through the local stand-ins that serve a raw folder byte for byte: on the
/// publishers' copies in shared/data/raw (the rebuild must reproduce the files the service ships, exactly), and on a
/// miniature raw folder the test writes in the same formats (always runs).
/// </summary>
public sealed class ReferenceBuildTests
{
    private static readonly string[] Shipped = ["open-readiness.csv", "open-readiness.json", "provenance/open-readiness.csv", "groups.worldbank.json"];

    /// <summary>src/ReadinessApi/ReferenceData, found from the test assembly up to the solution.</summary>
    public static string ShippedFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ReadinessApi.sln")))
            {
                return Path.Combine(dir.FullName, "src", "ReadinessApi", "ReferenceData");
            }
        }
        throw new DirectoryNotFoundException("ReadinessApi.sln not found above " + AppContext.BaseDirectory);
    }

    [SharedDataFact("raw/README.md", "imf_aipi_2023.csv")]
    public async Task Rebuild_FromThePublishersCopies_ReproducesTheShippedFilesExactly()
    {
        string shipped = ShippedFolder();
        string retrieved = PublisherFormats.ReadJson(Path.Combine(shipped, "open-readiness.json")).GetProperty("retrieved").GetString()!;
        using var h = new ImportHarness();

        var (exit, stdout, stderr) = await h.RunCliAsync("reference", "--out", h.OutDir, "--raw", Path.Combine(SharedData.Directory!, "raw"), "--retrieved", retrieved);

        Assert.True(exit == 0, stderr + stdout);
        Assert.Equal(Shipped.Select(f => f.Replace('/', Path.DirectorySeparatorChar)).Order(StringComparer.Ordinal), h.Files());
        foreach (var file in Shipped)
        {
            byte[] rebuilt = File.ReadAllBytes(h.PathOf(file));
            byte[] committed = File.ReadAllBytes(Path.Combine(shipped, file));
            Assert.True(rebuilt.AsSpan().SequenceEqual(committed),
                $"{file}: the rebuild from shared/data/raw differs from the shipped file; run the command in src/ReadinessApi.Import/README.md and commit the result.");
        }
        // Through the stand-ins, over HTTP, not from the disk.
        Assert.Contains("GET http://127.0.0.1:", stdout);
    }

    [Fact]
    public async Task Build_MiniatureRawFolder_AggregatesEachPublishersFormat()
    {
        using var h = new ImportHarness();
        string raw = TinyRaw.Write(h.PathOf("shared"));
        string outDir = h.PathOf("out");

        var (exit, stdout, stderr) = await h.RunCliAsync("reference", "--out", outDir, "--raw", raw, "--retrieved", "2026-07-20");

        Assert.True(exit == 0, stderr + stdout);
        var provenance = CsvTable.Read(Path.Combine(outDir, "provenance", "open-readiness.csv"));
        string Raw(string country, string indicator, string column = "raw") =>
            provenance.First(p => p["country"] == country && p["indicator"] == indicator)[column];
        // Innovation Graph: each economy's latest quarter, by alpha-2 code; EU is no economy.
        Assert.Equal("9000000", Raw("USA", "developersScale"));
        Assert.Equal("2025Q3", Raw("USA", "developersScale", "period"));
        Assert.Contains("EU (2)", stdout);
        // Epoch clusters: existing standard-set clusters summed by country name; a listed country without an estimate is missing.
        Assert.Equal("150000", Raw("USA", "h100eScale"));
        // Line numbers of the file: the first cluster's note spans two lines, so the second cluster starts on line 4.
        Assert.Equal("2 4", Raw("USA", "h100eScale", "rows"));
        Assert.Equal("1772", Raw("RUS", "h100eScale"));
        Assert.Equal("", Raw("IND", "h100eScale"));
        Assert.Contains("listed without a value", Raw("IND", "h100eScale", "note"));
        Assert.Contains("1 rows without a country", stdout);
        // Epoch models since 2020, whole counting; industry where the organisation lists align; Multinational is no country.
        Assert.Equal("2", Raw("USA", "notableModelsScale"));
        Assert.Equal("1", Raw("IND", "notableModelsScale"));
        Assert.Equal("1", Raw("RUS", "notableModelsScale"));
        Assert.Equal("0", Raw("IND", "industryModels"));
        Assert.Contains("observed zero", Raw("IND", "industryModels", "note"));
        // TOP500: US number format summed; India is absent from the list, an observed zero.
        Assert.Equal("3095000", Raw("USA", "rmaxScale"));
        Assert.Equal("0", Raw("IND", "rmaxScale"));
        // Cloud regions: generally available commercial regions only.
        Assert.Equal("2", Raw("USA", "hyperscaleRegionsScale"));
        Assert.Equal("0", Raw("IND", "hyperscaleRegionsScale"));
        Assert.Equal("1", Raw("IND", "allRegions"));
        // World Bank bulk: each economy's latest year with a value; WLD is an aggregate; line numbers count the preamble.
        Assert.Equal("2023", Raw("IND", "rdExpenditure", "period"));
        Assert.Equal("2024", Raw("USA", "rdExpenditure", "period"));
        Assert.Equal("6", Raw("USA", "rdExpenditure", "rows"));
        // GAIRI and the IMF (through the stand-in's DataMapper envelope).
        Assert.Equal("65.5", Raw("RUS", "policyCapacity"));
        Assert.Equal("0.12", Raw("RUS", "imfInnovation"));
        // The groups come from the country metadata of the same download.
        var groups = PublisherFormats.ReadJson(Path.Combine(outDir, "groups.worldbank.json"));
        Assert.Contains(groups.GetProperty("groups").EnumerateArray(), g => g.GetProperty("id").GetString() == "wb-region-sas"
            && g.GetProperty("members").EnumerateArray().Select(m => m.GetString()).SequenceEqual(["IND"]));
        // The licence: Oxford's values make the whole cohort CC BY-SA 4.0, with every attribution.
        var meta = PublisherFormats.ReadJson(Path.Combine(outDir, "open-readiness.json"));
        Assert.StartsWith("CC BY-SA 4.0", meta.GetProperty("license").GetString());
        Assert.Contains("Oxford Insights (2025)", meta.GetProperty("license").GetString());
        Assert.Contains("LOW CONFIDENCE", string.Join(" ", meta.GetProperty("notes").EnumerateArray().Select(n => n.GetString())));
    }

    [Fact]
    public async Task Build_UnmappableCountryCodes_AboveTheLimit_ExitFourAndWriteNothing()
    {
        using var h = new ImportHarness();
        string raw = TinyRaw.Write(h.PathOf("shared"), files =>
            files["github_innovation_graph/developers.csv"] += "77,QQ,2025,3\n12,QQ,2025,2\n");
        string outDir = h.PathOf("out");

        var (exit, _, stderr) = await h.RunCliAsync("reference", "--out", outDir, "--raw", raw);

        Assert.Equal(4, exit);
        Assert.Contains("2 of 12 rows of developers.csv (16.7%) name a country the tool cannot map: 'QQ' (2 rows)", stderr);
        Assert.Contains("above the mapping's limit of 1.0%", stderr);
        Assert.False(Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any());
    }

    [Fact]
    public async Task Build_PublisherChangedAColumn_ExitFourNamingIt()
    {
        using var h = new ImportHarness();
        string raw = TinyRaw.Write(h.PathOf("shared"), files =>
            files["top500/NERSC_DOE_HPC_Bootcamp_2025/TOP500_202506.csv"] = files["top500/NERSC_DOE_HPC_Bootcamp_2025/TOP500_202506.csv"].Replace("Rmax [TFlop/s]", "Rmax [PFlop/s]"));

        var (exit, _, stderr) = await h.RunCliAsync("reference", "--out", h.PathOf("out"), "--raw", raw);

        Assert.Equal(4, exit);
        Assert.Contains("TOP500_202506.csv", stderr);
        Assert.Contains("no column 'Rmax [TFlop/s]'", stderr);
    }
}
