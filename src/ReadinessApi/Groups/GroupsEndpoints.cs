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
            var options = sp.GetRequiredService<IOptions<CohortOptions>>().Value;
            var catalog = Load(options.BuiltIn ? ReferenceFile.BuiltIn : [], options.Directory, out var files,
                replaced => LogReplaced(logger, replaced, options.Directory!));
            LogLoaded(logger, catalog.All.Count, string.Join(", ", files.Prepend("the stated clubs")));
            return catalog;
        });
        builder.Services.AddHostedService<ResolveAtStartup<PeerGroupCatalog>>();
        return builder;
    }

    public static IEndpointRouteBuilder MapGroups(this IEndpointRouteBuilder app)
    {
        // Paths in full: a group root mapped as "" or "/" is reported as "/v1/groups/" in the http.route metric label.
        var group = app.MapGroup("/v1").WithTags("Groups");

        group.MapGet("/groups", ListGroups)
            .WithName("ListGroups")
            .WithSummary("List the peer groups")
            .WithDescription("Every peer group a ranking, score, what-if or sensitivity analysis can be restricted to with `group`: the clubs the service states itself (BRICS members and partners, G7, G20, OECD, EU), each with the date its membership holds for and its source, plus the World Bank regions and income groups (`wb-region-*`, `wb-income-*`: built in, or a `groups.worldbank.json` written by the import tool into `Cohorts:Directory`, which replaces the built-in file).")
            .WithExamples(null, () => PeerGroupCatalog.Embedded.All.Select(PeerGroupResponse.Of).ToList());
        return app;
    }

    public static Ok<List<PeerGroupResponse>> ListGroups(PeerGroupCatalog groups) =>
        TypedResults.Ok(groups.All.Select(PeerGroupResponse.Of).ToList());

    /// <summary>
    /// The embedded clubs plus the group files (<c>groups*.json</c>, except a cohort's own metadata: a <c>.csv</c> of the
    /// same name beside it) built in and at the top of <paramref name="directory"/>; a mounted file with a built-in
    /// file's name replaces it, and <paramref name="replaced"/> hears its name.
    /// </summary>
    public static PeerGroupCatalog Load(IReadOnlyList<ReferenceFile> builtIn, string? directory, out IReadOnlyList<string> files, Action<string>? replaced = null)
    {
        static List<ReferenceFile> Groups(IReadOnlyList<ReferenceFile> all) =>
            [.. all.Where(f => f.Name.StartsWith("groups", StringComparison.Ordinal) && f.Name.EndsWith(".json", StringComparison.Ordinal)
                && !all.Any(c => c.Name == Path.ChangeExtension(f.Name, ".csv")))];
        var chosen = Groups(builtIn).ToDictionary(f => f.Name, StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(directory) && Directory.Exists(directory))
        {
            foreach (var f in Groups(ReferenceFile.Mounted(directory)))
            {
                if (chosen.ContainsKey(f.Name))
                {
                    replaced?.Invoke(f.Name);
                }
                chosen[f.Name] = f;
            }
        }
        var ordered = chosen.Values.OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        files = [.. ordered.Select(f => f.Origin)];
        return PeerGroupCatalog.Load(ordered.Select(f => (f.Origin, f.Bytes)));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Peer groups loaded: {Count} ({Files})")]
    private static partial void LogLoaded(ILogger logger, int count, string files);

    [LoggerMessage(Level = LogLevel.Information, Message = "Peer groups {File} mounted in {Directory} replace the built-in file of the same name")]
    private static partial void LogReplaced(ILogger logger, string file, string directory);
}
