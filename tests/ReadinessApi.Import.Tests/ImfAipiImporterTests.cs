using System.Globalization;
using ReadinessApi.Import.Imf;
using ReadinessApi.Import.Publishers;
using ReadinessApi.Import.Tests.Support;

namespace ReadinessApi.Import.Tests;

public sealed class ImfAipiImporterTests
{
    /// <summary>Three economies and an aggregate, by hand: DI, HCLMP, IEI, RE and AI_PI for 2022 and 2023.</summary>
    private static Dictionary<string, string> HandMade(double usaDi = 0.18)
    {
        var values = new Dictionary<string, (double?[] Y2022, double?[] Y2023)>
        {
            // DI, HCLMP, IEI, RE
            ["USA"] = ([0.17, 0.18, 0.18, 0.21], [usaDi, 0.18, 0.18, 0.22]),
            ["RUS"] = ([0.15, 0.16, 0.12, 0.11], [0.16, 0.16, 0.12, 0.12]),
            ["TWN"] = ([null, 0.17, 0.17, 0.19], [null, 0.17, 0.17, 0.20]),
            ["ADVEC"] = ([0.17, 0.17, 0.17, 0.17], [0.18, 0.18, 0.18, 0.18]),
        };
        string[] dims = ["DI", "HCLMP", "IEI", "RE"];
        var bodies = new Dictionary<string, string>();
        for (int d = 0; d < 4; d++)
        {
            bodies[dims[d]] = PublisherFormats.ImfIndicator(dims[d], values.ToDictionary(
                kv => kv.Key, kv => (IReadOnlyDictionary<int, double?>)new Dictionary<int, double?> { [2022] = kv.Value.Y2022[d], [2023] = kv.Value.Y2023[d] }));
        }
        bodies["AI_PI"] = PublisherFormats.ImfIndicator("AI_PI", values.ToDictionary(
            kv => kv.Key, kv => (IReadOnlyDictionary<int, double?>)new Dictionary<int, double?>
            {
                [2023] = kv.Value.Y2023.Any(v => v is null) ? null : kv.Value.Y2023.Sum(v => v!.Value),
            }));
        return bodies;
    }

    [Fact]
    public async Task Import_HandMadeSeries_WritesLatestYearForEconomiesOnly()
    {
        await using var server = await PublisherServer.StartAsync(PublisherFormats.ImfHandler(HandMade()));
        using var h = new ImportHarness();

        var (exit, stdout, stderr) = await h.RunCliAsync("imf", "--out", h.OutDir, "--base-url", server.BaseUrl.ToString());

        Assert.True(exit == 0, stderr + stdout);
        Assert.Equal(["imf-aipi-2023.csv", "imf-aipi-2023.json", Path.Combine("provenance", "imf-aipi-2023.csv")], h.Files());
        var rows = CsvTable.Read(h.PathOf("imf-aipi-2023.csv"));
        Assert.Equal(["RUS", "TWN", "USA"], rows.Select(r => r["country"]));
        Assert.Equal(["country", "name", "digitalInfrastructure", "humanCapital", "innovationIntegration", "regulationEthics"], rows[0].Keys);
        var usa = rows.Single(r => r["country"] == "USA");
        Assert.Equal("0.18", usa["digitalInfrastructure"]);
        Assert.Equal("0.22", usa["regulationEthics"]);
        Assert.Equal("", rows.Single(r => r["country"] == "TWN")["digitalInfrastructure"]);
        Assert.Equal(5, server.Requests.Count);
        // The documented path names the indicator only (/api/v1/HCLMP), not the dataset.
        Assert.Contains("/HCLMP", server.Requests);
        Assert.DoesNotContain(server.Requests, r => r.Contains("AIPI", StringComparison.Ordinal));

        var meta = PublisherFormats.ReadJson(h.PathOf("imf-aipi-2023.json"));
        Assert.Equal("imf-aipi-2023", meta.GetProperty("methodology").GetString());
        Assert.Contains("International Monetary Fund", meta.GetProperty("license").GetString());
        Assert.Equal("2026-07-20", meta.GetProperty("retrieved").GetString());
        Assert.Equal(3, meta.GetProperty("size").GetInt32());
        Assert.Equal(2, meta.GetProperty("coverage").GetProperty("digitalInfrastructure").GetProperty("withValue").GetInt32());
        var provenance = CsvTable.Read(h.PathOf("provenance/imf-aipi-2023.csv"));
        Assert.All(provenance, p => Assert.Equal("2023", p["period"]));
        Assert.Equal(12, provenance.Count);
    }

    [Fact]
    public async Task Import_YearOption_TakesThatYear()
    {
        await using var server = await PublisherServer.StartAsync(PublisherFormats.ImfHandler(HandMade()));
        using var h = new ImportHarness();

        var (exit, _, stderr) = await h.RunCliAsync("imf", "--out", h.OutDir, "--base-url", server.BaseUrl.ToString(), "--year", "2022", "--id", "imf-aipi-old");

        Assert.True(exit == 0, stderr);
        var usa = CsvTable.Read(h.PathOf("imf-aipi-old.csv")).Single(r => r["country"] == "USA");
        Assert.Equal("0.17", usa["digitalInfrastructure"]);
    }

    [Fact]
    public async Task Import_ValueOutsideScale_FailsValidationAndWritesNothing()
    {
        await using var server = await PublisherServer.StartAsync(PublisherFormats.ImfHandler(HandMade(usaDi: 0.31)));
        using var h = new ImportHarness();

        var (exit, _, stderr) = await h.RunCliAsync("imf", "--out", h.OutDir, "--base-url", server.BaseUrl.ToString());

        Assert.Equal(5, exit);
        Assert.Contains("USA.digitalInfrastructure = 0.31 is outside [0, 0.25]", stderr);
        Assert.Empty(h.Entries());
    }

    [Fact]
    public async Task Import_ServerError_RetriesThenFailsAndKeepsThePreviousCohort()
    {
        var bodies = HandMade();
        await using var good = await PublisherServer.StartAsync(PublisherFormats.ImfHandler(bodies));
        using var h = new ImportHarness();
        Assert.Equal(0, (await h.RunCliAsync("imf", "--out", h.OutDir, "--base-url", good.BaseUrl.ToString())).Exit);
        var before = h.Files().ToDictionary(f => f, f => File.ReadAllBytes(h.PathOf(f)));

        await using var failing = await PublisherServer.StartAsync(request =>
            request.Path.Value!.EndsWith("/RE", StringComparison.Ordinal) ? new Reply(500, "oops", "text/plain") : PublisherFormats.ImfHandler(bodies)(request));
        var (exit, _, stderr) = await h.RunCliAsync("imf", "--out", h.OutDir, "--base-url", failing.BaseUrl.ToString());

        Assert.Equal(3, exit);
        Assert.Contains("HTTP 500", stderr);
        Assert.Contains("after 3 attempts", stderr);
        Assert.Equal(3, failing.CountRequests("/RE"));
        Assert.Equal(before.Keys, h.Files());
        Assert.All(before, kv => Assert.Equal(kv.Value, File.ReadAllBytes(h.PathOf(kv.Key))));
    }

    [Fact]
    public async Task Import_TransientError_IsRetriedAndSucceeds()
    {
        var bodies = HandMade();
        int calls = 0;
        await using var server = await PublisherServer.StartAsync(request =>
            request.Path.Value!.EndsWith("/DI", StringComparison.Ordinal) && Interlocked.Increment(ref calls) == 1
                ? new Reply(503, "busy", "text/plain")
                : PublisherFormats.ImfHandler(bodies)(request));
        using var h = new ImportHarness();

        var (exit, stdout, stderr) = await h.RunCliAsync("imf", "--out", h.OutDir, "--base-url", server.BaseUrl.ToString());

        Assert.True(exit == 0, stderr);
        Assert.Equal(2, server.CountRequests("/DI"));
        Assert.Contains("retry 1 of 2", stdout);
    }

    [Fact]
    public async Task Import_ChangedSchema_FailsWithAClearMessage()
    {
        var bodies = HandMade();
        bodies["IEI"] = """{"data":{"IEI":{"USA":{"2023":0.18}}}}""";
        await using var server = await PublisherServer.StartAsync(PublisherFormats.ImfHandler(bodies));
        using var h = new ImportHarness();

        var (exit, _, stderr) = await h.RunCliAsync("imf", "--out", h.OutDir, "--base-url", server.BaseUrl.ToString());

        Assert.Equal(4, exit);
        Assert.Contains("IMF DataMapper IEI", stderr);
        Assert.Contains("no top-level \"values\" object", stderr);
        Assert.Empty(h.Entries());
    }

    [Fact]
    public void Parse_IndicatorKeyRenamed_NamesWhatWasFound()
    {
        var e = Assert.Throws<ImportException>(() => ImfDataMapperClient.Parse(
            """{"values":{"AIPI_DI":{"USA":{"2023":0.18}}}}""", "DI", new Uri("http://127.0.0.1/DI"), "IMF"));
        Assert.Equal(ImportFailure.Schema, e.Failure);
        Assert.Contains("found: AIPI_DI", e.Message);
    }

    [SkippableFact]
    public async Task Import_SharedCopy_ReproducesEveryPublishedValue()
    {
        SharedData.SkipUnless("imf_aipi_2023.csv");
        var path = SharedData.PathOf("imf_aipi_2023.csv");
        await using var server = await PublisherServer.StartAsync(PublisherFormats.ImfHandler(PublisherFormats.ImfFromSharedCopy(path)));
        using var h = new ImportHarness();

        var (exit, stdout, stderr) = await h.RunCliAsync("imf", "--out", h.OutDir, "--base-url", server.BaseUrl.ToString());

        Assert.True(exit == 0, stderr + stdout);
        var published = CsvTable.ByIso3(path);
        var cohort = CsvTable.ByIso3(h.PathOf("imf-aipi-2023.csv"), "country");
        Assert.Equal(published.Keys.Order(), cohort.Keys.Order());
        foreach (var (iso3, row) in published)
        {
            Assert.Equal(row["digital_infrastructure"], cohort[iso3]["digitalInfrastructure"]);
            Assert.Equal(row["human_capital_labor_market_policies"], cohort[iso3]["humanCapital"]);
            Assert.Equal(row["innovation_economic_integration"], cohort[iso3]["innovationIntegration"]);
            Assert.Equal(row["regulation_ethics"], cohort[iso3]["regulationEthics"]);
        }
        Assert.Equal("", cohort["TWN"]["digitalInfrastructure"]);
        Assert.DoesNotContain("ADVEC", cohort.Keys);
        Assert.DoesNotContain("warning", stdout);
        // The index is the sum of the dimensions (Russia as the example).
        double rus = new[] { "digitalInfrastructure", "humanCapital", "innovationIntegration", "regulationEthics" }
            .Sum(n => double.Parse(cohort["RUS"][n], CultureInfo.InvariantCulture));
        Assert.Equal(double.Parse(published["RUS"]["ai_pi"], CultureInfo.InvariantCulture), rus, 12);
    }
}
