using ReadinessApi.Import;
using ReadinessApi.Import.Http;
using ReadinessApi.Import.Tests.Support;

namespace ReadinessApi.Tests.Infrastructure;

/// <summary>
/// A cohorts folder as a deployment builds it with the import tool: the <c>open-readiness</c> cohort and
/// <c>groups.worldbank.json</c>, made by the tool's own code (in process) against local stand-ins for the
/// publishers (World Bank API, IMF DataMapper, the open CSVs) that serve the copies in ../shared/data.
/// Built once per run; null where ../shared/data lacks a file it needs (the caller skips, <c>SharedData.SkipUnless(Needed)</c>).
/// </summary>
public static class OpenCohortFolder
{
    public static readonly string[] Needed =
    [
        "open/cohort83_candidates.csv", "open/wdi_rd_researchers_population.csv", "imf_aipi_2023.csv",
        "open/epoch_gpu_clusters_by_country.csv", "open/epoch_notable_ai_models_by_country.csv", "open/top500_2025_06_by_country.csv",
        "open/cloud_regions_by_country.csv", "open/github_innovation_graph_2025q3.csv", "open/peer_groups_wb_classification.csv",
    ];

    private static readonly Dictionary<string, string> CsvSources = new()
    {
        ["epoch-clusters"] = "epoch_gpu_clusters_by_country.csv",
        ["epoch-models"] = "epoch_notable_ai_models_by_country.csv",
        ["top500"] = "top500_2025_06_by_country.csv",
        ["cloud-regions"] = "cloud_regions_by_country.csv",
        ["github"] = "github_innovation_graph_2025q3.csv",
    };

    private static readonly PublisherHttpOptions FastHttp = new() { AttemptTimeout = TimeSpan.FromSeconds(10), MaxRetries = 2, RetryDelay = TimeSpan.Zero };

    private static readonly Lazy<Task<string?>> Folder = new(BuildAsync);

    /// <summary>The folder (cohort <c>open-readiness</c> and the World Bank groups), or null without the shared data.</summary>
    public static Task<string?> GetAsync() => Folder.Value;

    private static async Task<string?> BuildAsync()
    {
        if (Needed.Any(n => SharedData.File(n) is null))
        {
            return null;
        }
        var dir = CohortFolders.Create();
        var wdi = PublisherFormats.WdiFromSharedCopy(SharedData.File("open/wdi_rd_researchers_population.csv")!, 2015, 2025);
        var countries = PublisherFormats.WorldBankCountriesFromSharedCopy(SharedData.File("open/peer_groups_wb_classification.csv")!);
        var imf = PublisherFormats.ImfHandler(PublisherFormats.ImfFromSharedCopy(SharedData.File("imf_aipi_2023.csv")!));
        await using var worldBank = await PublisherServer.StartAsync(PublisherFormats.WorldBankHandler(wdi, countries));
        await using var imfServer = await PublisherServer.StartAsync(imf);
        await using var files = await PublisherServer.StartAsync(r =>
            SharedData.File("open/" + Path.GetFileName(r.Path.Value!)) is { } path ? Reply.Csv(File.ReadAllText(path)) : Reply.NotFound);

        var openReadiness = new List<string>
        {
            "open-readiness", "--out", dir, "--candidates", SharedData.File("open/cohort83_candidates.csv")!, "--to-year", "2025",
            "--worldbank-base-url", worldBank.BaseUrl.ToString(), "--imf-base-url", imfServer.BaseUrl.ToString(),
        };
        foreach (var (id, file) in CsvSources)
        {
            openReadiness.AddRange([$"--{id}-url", files.Url(file).ToString()]);
        }
        await RunAsync(openReadiness);
        await RunAsync(["worldbank-groups", "--out", dir, "--base-url", worldBank.BaseUrl.ToString()]);
        return dir;
    }

    private static async Task RunAsync(IReadOnlyList<string> args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = await ImportCli.RunAsync(args, output, error, CancellationToken.None, FastHttp, TestClock.Fixed);
        if (exit != 0)
        {
            throw new InvalidOperationException($"The import '{args[0]}' failed with exit code {exit}:\n{error}\n{output}");
        }
    }
}
