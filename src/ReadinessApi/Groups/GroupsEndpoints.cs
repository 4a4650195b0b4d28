using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ReadinessApi.Cohorts;
using ReadinessApi.Infrastructure.Health;
using ReadinessApi.Infrastructure.OpenApi;
using ReadinessApi.Scoring.Groups;

namespace ReadinessApi.Groups;

public static partial class GroupsEndpoints
{
    /// <summary>
    /// The peer-group catalog: the embedded groups (BRICS, G7, G20, OECD, EU) plus every <c>groups*.json</c>
    /// at the top of <c>Cohorts:Directory</c> (the importer writes <c>groups.worldbank.json</c> there). Loaded
    /// before the service listens: a malformed file stops start-up, naming the file and the position or group.
    /// </summary>
    public static IHostApplicationBuilder AddGroups(this IHostApplicationBuilder builder)
    {
        // Cohorts:Directory, where groups*.json are read, is bound by AddCohorts.
        builder.Services.AddSingleton(sp =>
        {
            var logger = sp.GetRequiredService<ILogger<PeerGroupCatalog>>();
            var catalog = Load(sp.GetRequiredService<IOptions<CohortOptions>>().Value.Directory, out var files);
            LogLoaded(logger, catalog.All.Count, files.Count == 0 ? "embedded only" : string.Join(", ", files));
            return catalog;
        });
        builder.Services.AddHostedService<ResolveAtStartup<PeerGroupCatalog>>();
        return builder;
    }

    public static IEndpointRouteBuilder MapGroups(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/groups").WithTags("Groups");

        group.MapGet("/", ListGroups)
            .WithName("ListGroups")
            .WithSummary("List the peer groups")
            .WithDescription("Every peer group a ranking, score, what-if or sensitivity analysis can be restricted to with `group`: the clubs the service states itself (BRICS members and partners, G7, G20, OECD, EU), each with the date its membership holds for and its source, plus the World Bank regions and income groups where the deployment provides them (`groups.worldbank.json`, written by the import tool into `Cohorts:Directory`).")
            .WithExamples(null, () => PeerGroupCatalog.Embedded.All.Select(PeerGroupResponse.Of).ToList());
        return app;
    }

    public static Ok<List<PeerGroupResponse>> ListGroups(PeerGroupCatalog groups) =>
        TypedResults.Ok(groups.All.Select(PeerGroupResponse.Of).ToList());

    /// <summary>
    /// The embedded groups plus the group files at the top of <paramref name="directory"/>: <c>groups*.json</c>,
    /// except hidden files and a cohort's own metadata (a <c>.csv</c> of the same name beside it).
    /// </summary>
    public static PeerGroupCatalog Load(string? directory, out IReadOnlyList<string> files)
    {
        files = string.IsNullOrWhiteSpace(directory) || !Directory.Exists(directory)
            ? []
            : [.. Directory.EnumerateFiles(directory, "groups*.json")
                .Where(f => !Path.GetFileName(f).StartsWith('.') && !File.Exists(Path.ChangeExtension(f, ".csv")))
                .Order(StringComparer.Ordinal)];
        return PeerGroupCatalog.Load(files.Select(f => (f, File.ReadAllBytes(f))));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Peer groups loaded: {Count} ({Files})")]
    private static partial void LogLoaded(ILogger logger, int count, string files);
}
