using System.Globalization;
using Microsoft.AspNetCore.Http;
using ReadinessApi.Import.OpenReadiness;
using ReadinessApi.Import.Tests.Support;
using Xunit.Abstractions;

namespace ReadinessApi.Import.Tests;

/// <summary>
/// The whole open cohort, built against local publishers that serve the copies in ../shared/data (World
/// Bank WDI from the saved series, IMF AIPI, and the open CSVs), then traced back to those source rows.
/// </summary>
public sealed class OpenReadinessImporterTests(ITestOutputHelper output)
{
    private static readonly string[] Needed =
    [
        "open/cohort83_candidates.csv", "open/wdi_rd_researchers_population.csv", "imf_aipi_2023.csv",
        "open/epoch_gpu_clusters_by_country.csv", "open/epoch_notable_ai_models_by_country.csv", "open/top500_2025_06_by_country.csv",
        "open/cloud_regions_by_country.csv", "open/github_innovation_graph_2025q3.csv", "open/export_controls_ai_chips_cohort83.csv",
    ];

    private static readonly Dictionary<string, string> CsvSources = new()
    {
        ["epoch-clusters"] = "open/epoch_gpu_clusters_by_country.csv",
        ["epoch-models"] = "open/epoch_notable_ai_models_by_country.csv",
        ["top500"] = "open/top500_2025_06_by_country.csv",
        ["cloud-regions"] = "open/cloud_regions_by_country.csv",
        ["github"] = "open/github_innovation_graph_2025q3.csv",
    };

    private sealed class Publishers : IAsyncDisposable
    {
        public required PublisherServer WorldBank { get; init; }
        public required PublisherServer Imf { get; init; }
        public required PublisherServer Files { get; init; }

        public List<string> Args(string outDir, params string[] skip)
        {
            var args = new List<string>
            {
                "open-readiness", "--out", outDir, "--candidates", SharedData.File("open/cohort83_candidates.csv")!, "--to-year", "2025",
                "--worldbank-base-url", WorldBank.BaseUrl.ToString(), "--imf-base-url", Imf.BaseUrl.ToString(),
            };
            foreach (var (id, file) in CsvSources.Where(kv => !skip.Contains(kv.Key)))
            {
                args.AddRange([$"--{id}-url", Files.Url(Path.GetFileName(file)).ToString()]);
            }
            return args;
        }

        public async ValueTask DisposeAsync()
        {
            await WorldBank.DisposeAsync();
            await Imf.DisposeAsync();
            await Files.DisposeAsync();
        }
    }

    private static async Task<Publishers> StartAsync(Func<HttpRequest, Reply?>? fault = null)
    {
        var wdi = PublisherFormats.WdiFromSharedCopy(SharedData.File("open/wdi_rd_researchers_population.csv")!, 2015, 2025);
        var wb = PublisherFormats.WorldBankHandler(wdi);
        var imf = PublisherFormats.ImfHandler(PublisherFormats.ImfFromSharedCopy(SharedData.File("imf_aipi_2023.csv")!));
        Reply Serve(HttpRequest r)
        {
            var name = Path.GetFileName(r.Path.Value!);
            var path = SharedData.File("open/" + name);
            return path is null ? Reply.NotFound : Reply.Csv(File.ReadAllText(path));
        }
        return new Publishers
        {
            WorldBank = await PublisherServer.StartAsync(r => fault?.Invoke(r) ?? wb(r)),
            Imf = await PublisherServer.StartAsync(r => fault?.Invoke(r) ?? imf(r)),
            Files = await PublisherServer.StartAsync(r => fault?.Invoke(r) ?? Serve(r)),
        };
    }

    private static double D(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);

    [SkippableFact]
    public async Task Build_FromSharedCopies_EveryValueTracesToItsSourceRow()
    {
        SharedData.SkipUnless(Needed);
        await using var publishers = await StartAsync();
        using var h = new ImportHarness();

        var (exit, stdout, stderr) = await h.RunCliAsync([.. publishers.Args(h.OutDir)]);

        output.WriteLine(stdout);
        Assert.True(exit == 0, stderr + stdout);
        Assert.Equal(["open-readiness.csv", "open-readiness.json", Path.Combine("provenance", "open-readiness.csv")], h.Files());

        var candidates = CsvTable.Read(SharedData.File("open/cohort83_candidates.csv")!);
        var cohort = CsvTable.ByIso3(h.PathOf("open-readiness.csv"), "country");
        Assert.Equal(candidates.Select(c => c["iso3"]).Order(), cohort.Keys.Order());
        Assert.Equal("Russian Federation", cohort["RUS"]["name"]);
        var provenance = CsvTable.Read(h.PathOf("provenance/open-readiness.csv"));

        // 1. Every input line traces to its source row.
        var wdi = CsvTable.ByIso3(SharedData.File("open/wdi_rd_researchers_population.csv")!);
        var imf = CsvTable.ByIso3(SharedData.File("imf_aipi_2023.csv")!);
        var tables = CsvSources.ToDictionary(kv => kv.Key, kv => CsvTable.ByIso3(SharedData.File(kv.Value)!));
        var wdiColumns = new Dictionary<string, (string, string)>
        {
            ["GB.XPD.RSDV.GD.ZS"] = ("rd_expenditure_pct_gdp", "rd_expenditure_year"),
            ["SP.POP.SCIE.RD.P6"] = ("researchers_per_million", "researchers_year"),
        };
        var imfColumns = new Dictionary<string, string>
        {
            ["DI"] = "digital_infrastructure", ["HCLMP"] = "human_capital_labor_market_policies",
            ["IEI"] = "innovation_economic_integration", ["RE"] = "regulation_ethics",
        };
        int traced = 0;
        foreach (var p in provenance.Where(p => p["indicator"] != "(value)" && p["raw"].Length > 0))
        {
            string iso3 = p["country"], source = p["source"], field = p["field"];
            double raw = D(p["raw"]);
            if (tables.TryGetValue(source, out var table))
            {
                var fields = field.Split(" - ");
                double expected = table.TryGetValue(iso3, out var row)
                    ? D(row[fields[0]]) - fields.Skip(1).Sum(f => D(row[f]))
                    : 0;
                Assert.True(table.ContainsKey(iso3) || p["note"].Contains("observed zero"), $"{iso3} {field}: {p["note"]}");
                Assert.Equal(expected, raw, 9);
            }
            else if (source == "wdi")
            {
                var (valueColumn, yearColumn) = wdiColumns[field];
                Assert.Equal(D(wdi[iso3][valueColumn]), raw, 9);
                Assert.Equal(wdi[iso3][yearColumn], p["period"]);
            }
            else if (source == "imf-aipi")
            {
                Assert.Equal(D(imf[iso3][imfColumns[field]]), raw, 15);
                Assert.Equal("2023", p["period"]);
            }
            else
            {
                Assert.Equal("export-controls", source);
            }
            if (p["denominator"].Length > 0)
            {
                double per = p["indicator"] is "developersIntensity" or "repositories" ? 1e3 : 1e6;
                Assert.Equal(D(wdi[iso3]["population"]) / per, D(p["denominator"]), 6);
                Assert.Equal(wdi[iso3]["population_year"], p["denominator_period"]);
            }
            traced++;
        }
        Assert.True(traced > 83 * 10, $"only {traced} input lines");

        // 2. Every cohort value is the weighted mean of its input lines.
        foreach (var (iso3, row) in cohort)
        {
            foreach (var node in cohort[iso3].Keys.Skip(2))
            {
                var lines = provenance.Where(p => p["country"] == iso3 && p["node"] == node && p["indicator"] != "(value)" && p["normalised"].Length > 0).ToList();
                var valueLine = provenance.Single(p => p["country"] == iso3 && p["node"] == node && p["indicator"] == "(value)");
                Assert.Equal(row[node], valueLine["normalised"]);
                if (row[node].Length > 0)
                {
                    double mean = lines.Sum(l => D(l["weight"]) * D(l["normalised"])) / lines.Sum(l => D(l["weight"]));
                    Assert.Equal(mean, D(row[node]), 9);
                }
            }
        }

        // 3. Coverage: what the open data can and cannot say.
        var meta = PublisherFormats.ReadJson(h.PathOf("open-readiness.json"));
        Assert.Equal("readiness-v1", meta.GetProperty("methodology").GetString());
        Assert.Equal(83, meta.GetProperty("size").GetInt32());
        var coverage = meta.GetProperty("coverage");
        foreach (var node in new[] { "computeCapacity", "acceleratorAccess", "cloudAccess" })
        {
            Assert.Equal(83, coverage.GetProperty(node).GetProperty("withValue").GetInt32());
        }
        Assert.Equal(0, coverage.GetProperty("governmentStrategy").GetProperty("withValue").GetInt32());
        Assert.Equal(0, coverage.GetProperty("commercial").GetProperty("withValue").GetInt32());
        Assert.Contains("No open per-country data", meta.GetProperty("missingNodes").GetProperty("commercial").GetString());
        Assert.Equal("", cohort["TWN"]["research"]);
        Assert.Contains("TWN", meta.GetProperty("missingNodes").GetProperty("research").GetString());
        Assert.Equal("open-readiness", meta.GetProperty("mapping").GetProperty("id").GetString());
        Assert.Equal("provenance/open-readiness.csv", meta.GetProperty("provenance").GetString());
        Assert.Contains("Epoch AI", meta.GetProperty("license").GetString());
        // The series the local World Bank has no copy of come back empty: a warning, recorded, and those indicators missing.
        Assert.Contains(meta.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("IT.NET.USER.ZS"));

        // 4. Russia: the seed's story (middling talent and research, very weak compute access).
        Assert.Equal("0", cohort["RUS"]["acceleratorAccess"]);
        Assert.Equal("0", cohort["RUS"]["cloudAccess"]);
        Assert.Equal("100", cohort["USA"]["acceleratorAccess"]);
        Assert.Equal(D(tables["epoch-clusters"]["RUS"]["h100e_existing_std_sum"]), D(provenance.Single(p => p["country"] == "RUS" && p["indicator"] == "h100eScale")["raw"]));
        Assert.True(D(cohort["RUS"]["computeCapacity"]) < D(cohort["USA"]["computeCapacity"]));
    }

    [SkippableFact]
    public async Task Build_ExportControlsFromAUrl_ReplaceTheProjectFacts()
    {
        SharedData.SkipUnless(Needed);
        await using var publishers = await StartAsync();
        using var h = new ImportHarness();
        var args = publishers.Args(h.OutDir);
        args.AddRange(["--export-controls-url", publishers.Files.Url("export_controls_ai_chips_cohort83.csv").ToString()]);

        var (exit, stdout, stderr) = await h.RunCliAsync([.. args]);

        Assert.True(exit == 0, stderr + stdout);
        Assert.Contains(publishers.Files.Requests, r => r.Contains("export_controls", StringComparison.Ordinal));
        var provenance = CsvTable.Read(h.PathOf("provenance/open-readiness.csv"));
        Assert.Equal("3", provenance.Single(p => p["country"] == "CHN" && p["indicator"] == "aiDiffusionTier")["raw"]);
    }

    [SkippableFact]
    public void ExportControlFacts_AgreeWithTheSavedTableForAll83()
    {
        SharedData.SkipUnless(Needed);
        var facts = ExportControlFacts.LoadEmbedded("ai-chip-export-controls.json");
        var saved = CsvTable.Read(SharedData.File("open/export_controls_ai_chips_cohort83.csv")!);
        Assert.Equal(83, saved.Count);
        Assert.All(saved, r => Assert.Equal(int.Parse(r["ai_diffusion_tier_jan2025"], CultureInfo.InvariantCulture), facts.TierOf(r["iso3"]).Tier));
    }

    [SkippableFact]
    public async Task Build_CsvSourceWithoutUrl_IsAUsageErrorUnlessAllowed()
    {
        SharedData.SkipUnless(Needed);
        await using var publishers = await StartAsync();
        using var h = new ImportHarness();

        var (exit, _, stderr) = await h.RunCliAsync([.. publishers.Args(h.OutDir, skip: "top500")]);
        Assert.Equal(2, exit);
        Assert.Contains("--top500-url", stderr);
        Assert.Empty(h.Entries());

        (exit, var stdout, stderr) = await h.RunCliAsync([.. publishers.Args(h.OutDir, skip: "top500"), "--allow-missing-sources"]);
        Assert.True(exit == 0, stderr + stdout);
        var meta = PublisherFormats.ReadJson(h.PathOf("open-readiness.json"));
        var top500 = meta.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "top500");
        Assert.Contains("not configured", top500.GetProperty("url").GetString());
        var provenance = CsvTable.Read(h.PathOf("provenance/open-readiness.csv"));
        Assert.All(provenance.Where(p => p["source"] == "top500"), p => Assert.Contains("not configured", p["note"]));
        // Without TOP500, the economies Epoch lists without an H100-equivalent estimate (e.g. Mexico) have no compute-capacity value.
        Assert.Equal(79, meta.GetProperty("coverage").GetProperty("computeCapacity").GetProperty("withValue").GetInt32());
        Assert.Contains("MEX", meta.GetProperty("missingNodes").GetProperty("computeCapacity").GetString());
    }

    [SkippableFact]
    public async Task Build_OneSourceFails_ThePreviousCohortStaysWhole()
    {
        SharedData.SkipUnless(Needed);
        using var h = new ImportHarness();
        await using (var good = await StartAsync())
        {
            Assert.Equal(0, (await h.RunCliAsync([.. good.Args(h.OutDir)])).Exit);
        }
        var before = h.Files().ToDictionary(f => f, f => File.ReadAllBytes(h.PathOf(f)));
        await using var failing = await StartAsync(r => r.Path.Value!.Contains("cloud_regions", StringComparison.Ordinal) ? new Reply(500, "down", "text/plain") : null);

        var (exit, _, stderr) = await h.RunCliAsync([.. failing.Args(h.OutDir)]);

        Assert.Equal(3, exit);
        Assert.Contains("cloud_regions_by_country.csv answered HTTP 500", stderr);
        Assert.Equal(before.Keys, h.Entries().Where(e => e != "provenance"));
        Assert.All(before, kv => Assert.Equal(kv.Value, File.ReadAllBytes(h.PathOf(kv.Key))));
    }

    [SkippableFact]
    public async Task Build_ChangedCsvLayout_IsASchemaFailure()
    {
        SharedData.SkipUnless(Needed);
        await using var publishers = await StartAsync(r => r.Path.Value!.Contains("epoch_gpu", StringComparison.Ordinal)
            ? Reply.Csv("iso3,country,clusters,h100e\nUSA,United States,10,12345.6\n") : null);
        using var h = new ImportHarness();

        var (exit, _, stderr) = await h.RunCliAsync([.. publishers.Args(h.OutDir)]);

        Assert.Equal(4, exit);
        Assert.Contains("missing column(s) h100e_existing_std_sum", stderr);
        Assert.Empty(h.Entries());
    }
}
