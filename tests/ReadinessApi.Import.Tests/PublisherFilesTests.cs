using System.Globalization;
using ReadinessApi.Import.Http;
using ReadinessApi.Import.Raw;
using ReadinessApi.Import.Tests.Support;

namespace ReadinessApi.Import.Tests;

/// <summary>
/// Each reader on its publisher's byte-for-byte copy (shared/data/raw), checked against the per-country aggregates
/// made earlier and independently from the same files (shared/data/open, kept for exactly this), for every country.
/// </summary>
public sealed class PublisherFilesTests
{
    private static string RawText(string relative) => PublisherHttp.Text(File.ReadAllBytes(SharedData.PathOf("raw/" + relative)));

    /// <param name="tolerance">Absolute: some aggregates were rounded (Epoch's to whole H100-equivalents).</param>
    /// <param name="absentIsZero">For listings that cover every country (Epoch, TOP500), absence is a zero; elsewhere it is missing.</param>
    private static void AgreesWithAggregate(PublisherValues read, string field, string aggregate, string column, double tolerance = 1e-6, bool absentIsZero = true)
    {
        var expected = CsvTable.ByIso3(SharedData.PathOf("open/" + aggregate), "iso3");
        var values = read.Fields[field];
        Assert.Empty(read.Unmapped);
        foreach (var (iso3, row) in expected)
        {
            string cell = row[column];
            double want = cell.Length == 0 ? double.NaN : double.Parse(cell, CultureInfo.InvariantCulture);
            double? got = values.TryGetValue(iso3, out var o) ? o?.Value : absentIsZero ? 0 : null;
            if (double.IsNaN(want))
            {
                Assert.True(got is null, $"{iso3}: {aggregate} has no {column}, the tool read {got}");
            }
            else
            {
                Assert.True(got is { } g && Math.Abs(g - want) <= tolerance, $"{iso3}: {aggregate} {column} = {want}, the tool read {got}");
            }
        }
        // And nothing the aggregate lacks, except zeros it left out.
        Assert.All(values.Where(kv => kv.Value is { Value: > 0 }), kv => Assert.Contains(kv.Key, (IDictionary<string, Dictionary<string, string>>)expected));
    }

    [SharedDataFact("raw/epoch_ai/gpu_clusters.csv", "open/epoch_gpu_clusters_by_country.csv")]
    public void EpochClusters_SumsPerCountry_AsTheAggregate() =>
        AgreesWithAggregate(EpochClustersFile.Read(RawText("epoch_ai/gpu_clusters.csv"), "gpu_clusters.csv", "2025-10"),
            EpochClustersFile.H100e, "epoch_gpu_clusters_by_country.csv", "h100e_existing_std_sum", tolerance: 0.5);

    [SharedDataFact("raw/top500/NERSC_DOE_HPC_Bootcamp_2025/TOP500_202506.csv", "open/top500_2025_06_by_country.csv")]
    public void Top500_RmaxPerCountry_AsTheAggregate() =>
        AgreesWithAggregate(Top500File.Read(RawText("top500/NERSC_DOE_HPC_Bootcamp_2025/TOP500_202506.csv"), "TOP500_202506.csv", "2025-06"),
            Top500File.Rmax, "top500_2025_06_by_country.csv", "rmax_tflops_sum");

    [SharedDataFact("raw/epoch_ai/notable_ai_models.csv", "open/epoch_notable_ai_models_by_country.csv")]
    public void EpochModels_Since2020_AsTheAggregate() =>
        AgreesWithAggregate(EpochModelsFile.Read(RawText("epoch_ai/notable_ai_models.csv"), "notable_ai_models.csv", "2020–2025", out _),
            EpochModelsFile.Models, "epoch_notable_ai_models_by_country.csv", "notable_models_2020_on");

    [SharedDataFact("raw/github_innovation_graph/developers.csv", "open/github_innovation_graph_2025q3.csv")]
    public void InnovationGraph_LatestQuarter_AsTheAggregate() =>
        AgreesWithAggregate(InnovationGraphFile.Read(RawText("github_innovation_graph/developers.csv"), "developers.csv", "developers"),
            "developers", "github_innovation_graph_2025q3.csv", "developers", absentIsZero: false);

    [SharedDataFact("raw/oxford_gairi/gairi_2025.json", "open/oxford_gairi_2025_pillars_dimensions.csv")]
    public void Gairi_PolicyCapacity_AsPublished() =>
        AgreesWithAggregate(GairiFile.Read(RawText("oxford_gairi/gairi_2025.json"), "gairi_2025.json", "2025", ["policy_capacity"]),
            "policy_capacity", "oxford_gairi_2025_pillars_dimensions.csv", "policy_capacity", absentIsZero: false);

    [SharedDataFact("raw/cloud_regions/regions.json", "open/cloud_regions_by_country.csv")]
    public void CloudRegions_AllProvidersCommercialGa_IsAllRegionsLessGovernmentAndChinaPartition()
    {
        var read = CloudRegionsFile.Read(RawText("cloud_regions/regions.json"), "regions.json", "2026-01");
        Assert.Empty(read.Unmapped);
        // The aggregate counts every GA region; the tool keeps those open to the global market.
        var rus = read.Fields[CloudRegionsFile.HyperscaleRegions].GetValueOrDefault("RUS");
        Assert.Null(rus);
        var usa = read.Fields[CloudRegionsFile.HyperscaleRegions]["USA"]!.Value;
        var aggregate = CsvTable.ByIso3(SharedData.PathOf("open/cloud_regions_by_country.csv"), "iso3")["USA"];
        Assert.True(usa.Value < double.Parse(aggregate["big3_regions"], CultureInfo.InvariantCulture));
        Assert.DoesNotContain("gov", usa.Rows);
    }

    [Fact]
    public void Labels_UnknownCodesAndNames_AreCountedAndNamed_NeverAnEconomy()
    {
        var values = InnovationGraphFile.Read("developers,iso2_code,year,quarter\n10,US,2025,3\n5,QQ,2025,3\n7,EU,2025,3\n3,NA,2025,3\n", "developers.csv", "developers");
        Assert.Equal(["NAM", "USA"], values.Fields["developers"].Keys.Order());
        Assert.Equal(1, values.Unmapped["QQ"]);
        Assert.Equal(1, values.NotEconomies["EU"]);
        Assert.Equal(0.25, values.UnmappedShare);
        Assert.Equal("'QQ' (1 row)", values.UnmappedList());

        var names = Top500File.Read("Country,Rmax [TFlop/s]\nSouth Korea,\"1,000.50\"\nNarnia,5.00\n", "TOP500.csv", "2025-06");
        Assert.Equal(1000.5, names.Fields[Top500File.Rmax]["KOR"]!.Value.Value);
        Assert.Equal(1, names.Unmapped["Narnia"]);
    }

    [Fact]
    public void WorldBankBulk_ZipOrCsv_LatestYearInTheWindow()
    {
        string csv = "\"Country Name\",\"Country Code\",\"Indicator Name\",\"Indicator Code\",\"2014\",\"2015\",\"2016\",\r\n"
            + "\"Chile\",\"CHL\",\"x\",\"SP.POP.TOTL\",\"1\",\"2\",\"\",\r\n\"World\",\"WLD\",\"x\",\"SP.POP.TOTL\",\"9\",\"9\",\"9\",\r\n";
        using var zipped = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(zipped, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var w = new StreamWriter(zip.CreateEntry("Metadata_Indicator_API_SP.POP.TOTL.csv").Open()))
            {
                w.Write("\"INDICATOR_CODE\"\r\n");
            }
            using (var w = new StreamWriter(zip.CreateEntry("API_SP.POP.TOTL_DS2_en_csv_v2_1.csv").Open()))
            {
                w.Write(csv);
            }
        }
        var (name, text) = WorldBankBulkFile.Unpack(zipped.ToArray(), "download.zip", "API_");
        Assert.Equal("API_SP.POP.TOTL_DS2_en_csv_v2_1.csv", name);
        var read = WorldBankBulkFile.Read(text, name, "SP.POP.TOTL", 2014, 2016);
        Assert.Equal(new Publishers.Observation(2, "2015", name, "2"), read.Fields["SP.POP.TOTL"]["CHL"]);
        Assert.False(read.Fields["SP.POP.TOTL"].ContainsKey("WLD"));
        Assert.Empty(read.Unmapped);
        Assert.Equal(ImportFailure.Schema, Assert.Throws<ImportException>(() => WorldBankBulkFile.Read(text, name, "GB.XPD.RSDV.GD.ZS", 2014, 2016)).Failure);
    }

    [Fact]
    public async Task FileAddress_ReadsTheFileByteForByte_AMissingOneIsAnHttpFailure()
    {
        using var h = new ImportHarness();
        string path = h.PathOf("TOP500_202506.csv");
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. "Country;Rmax\r\n"u8];
        File.WriteAllBytes(path, bytes);
        Assert.Equal(bytes, await h.Http.GetBytesAsync(new Uri(path), "TOP500", CancellationToken.None));
        Assert.Equal("Country;Rmax\r\n", await h.Http.GetStringAsync(new Uri(path), "TOP500", CancellationToken.None));
        var e = await Assert.ThrowsAsync<ImportException>(() => h.Http.GetBytesAsync(new Uri(path + ".missing"), "TOP500", CancellationToken.None));
        Assert.Equal(ImportFailure.Http, e.Failure);
    }
}
