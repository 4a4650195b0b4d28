using System.Text;
using ReadinessApi.Import.Tests.Support;
using ReadinessApi.Scoring.Groups;

namespace ReadinessApi.Import.Tests;

public sealed class PeerGroupCatalogTests
{
    [Fact]
    public void Embedded_StatesTheClubsWithSourcesAndDates()
    {
        var catalog = PeerGroupCatalog.Embedded;
        Assert.Equal(["brics", "brics-partners", "eu", "g20", "g7", "oecd"], catalog.All.Select(g => g.Id));
        Assert.Equal(7, catalog["g7"].Members.Count);
        Assert.Equal(19, catalog["g20"].Members.Count);
        Assert.Equal(38, catalog["oecd"].Members.Count);
        Assert.Equal(27, catalog["eu"].Members.Count);
        Assert.Equal(10, catalog["brics"].Members.Count);
        Assert.False(catalog["brics"].Contains("SAU"));
        Assert.True(catalog["brics"].Contains("IDN"));
        Assert.All(catalog.All, g => Assert.Contains("https://", g.Source));
        Assert.All(catalog.All, g => Assert.Equal(g.Members.Order(StringComparer.Ordinal), g.Members));
    }

    [SkippableFact]
    public void Embedded_AgreesWithTheSavedClassification()
    {
        SharedData.SkipUnless("open/peer_groups_wb_classification.csv");
        var path = SharedData.PathOf("open/peer_groups_wb_classification.csv");
        var rows = CsvTable.Read(path);
        var catalog = PeerGroupCatalog.Embedded;
        foreach (var (id, column) in new[] { ("brics", "brics_member"), ("brics-partners", "brics_partner"), ("g7", "g7"), ("g20", "g20"), ("oecd", "oecd"), ("eu", "eu") })
        {
            Assert.Equal(rows.Where(r => r[column] == "1").Select(r => r["iso3"]).Order(StringComparer.Ordinal), catalog[id].Members);
        }
    }

    private static byte[] File(string groups) => Encoding.UTF8.GetBytes($$"""{"groups":[{{groups}}]}""");

    private const string Nordic = """{"id":"nordic","name":"Nordic countries","kind":"membership","asOf":"2025-01-01","source":"https://www.norden.org","members":["DNK","FIN","ISL","NOR","SWE"]}""";

    [Fact]
    public void Load_AddsDeploymentGroupsToTheEmbeddedOnes()
    {
        var catalog = PeerGroupCatalog.Load([("extra.json", File(Nordic))]);
        Assert.True(catalog.TryGet("nordic", out var nordic));
        Assert.Equal(new DateOnly(2025, 1, 1), nordic.AsOf);
        Assert.True(catalog.TryGet("g7", out _));
    }

    [Theory]
    [InlineData("""{"id":"nordic","name":"N","kind":"membership","asOf":"2025-01-01","source":"s","members":["DNK","XXX"]}""", "'XXX' is not an ISO 3166-1 alpha-3 code")]
    [InlineData("""{"id":"nordic","name":"N","kind":"membership","asOf":"2025-01-01","source":"s","members":["DNK","DNK"]}""", "'DNK' is listed twice")]
    [InlineData("""{"id":"Nordic","name":"N","kind":"membership","asOf":"2025-01-01","source":"s","members":["DNK"]}""", "kebab-case")]
    [InlineData("""{"id":"nordic","name":"N","kind":"membership","asOf":"2025-01-01","source":"s","members":[]}""", "at least one member")]
    [InlineData("""{"id":"nordic","name":"N","kind":"membership","source":"s","members":["DNK"]}""", "malformed")]
    [InlineData("""{"id":"nordic","name":"N","kind":"membership","asOf":"2025-01-01","source":"s","members":["DNK"],"colour":"blue"}""", "malformed")]
    public void Parse_BadGroup_NamesTheFileAndTheProblem(string group, string expected)
    {
        var e = Assert.Throws<PeerGroupException>(() => PeerGroupCatalog.Load([("extra.json", File(group))]));
        Assert.Contains("extra.json", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Load_SameIdTwice_IsRejected()
    {
        var g7 = Nordic.Replace("\"nordic\"", "\"g7\"");
        var e = Assert.Throws<PeerGroupException>(() => PeerGroupCatalog.Load([("extra.json", File(g7))]));
        Assert.Contains("'g7' is defined twice", e.Message);
    }
}
