using ReadinessApi.Import.Tests.Support;
using ReadinessApi.Scoring.Groups;

namespace ReadinessApi.Import.Tests;

public sealed class WorldBankGroupsImporterTests
{
    private static readonly List<(string, string, string, string, string, string)> HandMade =
    [
        ("AFE", "Africa Eastern and Southern", "NA", "Aggregates", "NA", "Aggregates"),
        ("BRA", "Brazil", "LCN", "Latin America & Caribbean", "UMC", "Upper middle income"),
        ("CHI", "Channel Islands", "ECS", "Europe & Central Asia", "HIC", "High income"),
        ("DEU", "Germany", "ECS", "Europe & Central Asia", "HIC", "High income"),
        ("RUS", "Russian Federation", "ECS", "Europe & Central Asia", "HIC", "High income"),
        ("VEN", "Venezuela, RB", "LCN", "Latin America & Caribbean", "INX", "Not classified"),
    ];

    [Fact]
    public async Task Import_HandMadeList_WritesRegionAndIncomeGroups()
    {
        await using var server = await PublisherServer.StartAsync(PublisherFormats.WorldBankHandler(
            new Dictionary<string, List<(string, string, int, double?)>>(), HandMade));
        using var h = new ImportHarness();

        var (exit, stdout, stderr) = await h.RunCliAsync("worldbank-groups", "--out", h.OutDir, "--base-url", server.BaseUrl.ToString());

        Assert.True(exit == 0, stderr + stdout);
        Assert.Equal(["groups.worldbank.json"], h.Files());
        var doc = PeerGroupCatalog.Parse(File.ReadAllBytes(h.PathOf("groups.worldbank.json")), "groups.worldbank.json");
        var groups = doc.Groups.ToDictionary(g => g.Id);
        Assert.Equal(["wb-income-hic", "wb-income-umc", "wb-region-ecs", "wb-region-lcn"], groups.Keys.Order());
        Assert.Equal(["DEU", "RUS"], groups["wb-region-ecs"].Members);
        Assert.Equal("Europe & Central Asia", groups["wb-region-ecs"].Name);
        Assert.Equal(["BRA", "VEN"], groups["wb-region-lcn"].Members);
        Assert.Equal(["BRA"], groups["wb-income-umc"].Members);
        Assert.Equal(new DateOnly(2026, 7, 20), groups["wb-income-hic"].AsOf);
        Assert.Contains("World Bank Country and Lending Groups", groups["wb-income-hic"].Source);
        Assert.Contains("CC BY 4.0", doc.License);
        Assert.Contains("CHI (Channel Islands)", stdout);
        // The service loads it beside the embedded groups.
        var catalog = PeerGroupCatalog.Load([("groups.worldbank.json", File.ReadAllBytes(h.PathOf("groups.worldbank.json")))]);
        Assert.True(catalog.TryGet("brics", out _));
        Assert.True(catalog.TryGet("wb-region-ecs", out _));
    }

    [Fact]
    public async Task Import_ServerError_KeepsThePreviousFile()
    {
        using var h = new ImportHarness();
        File.WriteAllText(h.PathOf("groups.worldbank.json"), "previous");
        await using var server = await PublisherServer.StartAsync(_ => new Reply(502, "bad gateway", "text/plain"));

        var (exit, _, stderr) = await h.RunCliAsync("worldbank-groups", "--out", h.OutDir, "--base-url", server.BaseUrl.ToString());

        Assert.Equal(3, exit);
        Assert.Contains("HTTP 502", stderr);
        Assert.Equal("previous", File.ReadAllText(h.PathOf("groups.worldbank.json")));
        Assert.Equal(["groups.worldbank.json"], h.Entries());
    }

    [SkippableFact]
    public async Task Import_SharedCopy_GroupsMatchTheClassification()
    {
        SharedData.SkipUnless("open/peer_groups_wb_classification.csv");
        var path = SharedData.PathOf("open/peer_groups_wb_classification.csv");
        await using var server = await PublisherServer.StartAsync(PublisherFormats.WorldBankHandler(
            new Dictionary<string, List<(string, string, int, double?)>>(), PublisherFormats.WorldBankCountriesFromSharedCopy(path)));
        using var h = new ImportHarness();

        var (exit, stdout, stderr) = await h.RunCliAsync("worldbank-groups", "--out", h.OutDir, "--base-url", server.BaseUrl.ToString());

        Assert.True(exit == 0, stderr + stdout);
        var groups = PeerGroupCatalog.Parse(File.ReadAllBytes(h.PathOf("groups.worldbank.json")), "groups.worldbank.json").Groups.ToDictionary(g => g.Id);
        var classification = CsvTable.Read(path).Where(r => Scoring.Countries.IsoCountries.IsKnown(r["iso3"])).ToList();
        Assert.Equal(7, groups.Values.Count(g => g.Kind == "wbRegion"));
        Assert.Equal(4, groups.Values.Count(g => g.Kind == "wbIncome"));
        foreach (var region in classification.GroupBy(r => r["wb_region"]))
        {
            var group = groups.Values.Single(g => g.Kind == "wbRegion" && g.Name == region.Key);
            Assert.Equal(region.Select(r => r["iso3"]).Order(StringComparer.Ordinal), group.Members);
        }
        Assert.Equal(classification.Where(r => r["income_group_fy2025"] == "High income").Select(r => r["iso3"]).Order(StringComparer.Ordinal),
            groups["wb-income-hic"].Members);
        Assert.Equal(classification.Count(r => r["income_group_fy2025"].Length > 0), groups.Values.Where(g => g.Kind == "wbIncome").Sum(g => g.Members.Count));
    }
}
