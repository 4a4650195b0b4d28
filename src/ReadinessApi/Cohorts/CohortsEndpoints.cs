using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using ReadinessApi.Infrastructure.Caching;
using ReadinessApi.Infrastructure.Health;
using ReadinessApi.Infrastructure.Http;
using ReadinessApi.Infrastructure.OpenApi;
using ReadinessApi.Infrastructure.Errors;
using ReadinessApi.Infrastructure.Validation;
using ReadinessApi.Scoring;
using ReadinessApi.Scoring.Cohorts;
using ReadinessApi.Scoring.Groups;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ReadinessApi.Cohorts;

public static partial class CohortsEndpoints
{
    /// <summary>
    /// The cohort registry (loaded from <c>Cohorts:Directory</c> before the service starts listening: a
    /// malformed file stops start-up) and cached cohort rankings. Needs <c>AddCaching</c>.
    /// </summary>
    public static IHostApplicationBuilder AddCohorts(this IHostApplicationBuilder builder)
    {
        builder.Services.BindSettings<CohortOptions>(CohortOptions.SectionName);
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<CohortOptions>>().Value;
            var logger = sp.GetRequiredService<ILogger<CohortRegistry>>();
            string? directory = string.IsNullOrWhiteSpace(options.Directory) ? null : options.Directory;
            if (directory is null)
            {
                LogNoDirectory(logger);
            }
            var registry = CohortRegistry.Load(options.BuiltIn ? ReferenceFile.BuiltIn : [], directory, sp.GetRequiredService<MethodologyCatalog>(),
                warning => LogIgnored(logger, warning), mounted => LogReplaced(logger, mounted.Id, directory!));
            foreach (var c in registry.All)
            {
                LogLoaded(logger, c.Id, c.Size, c.Metadata.Methodology ?? "-", c.Hash[..12]);
            }
            return registry;
        });
        builder.Services.AddSingleton<CohortRankings>();
        builder.Services.AddSingleton<CohortAudits>();
        builder.Services.AddSingleton<ReferenceResolver>();
        builder.Services.AddSingleton<IResultSerializer<CohortRanking>, CohortRankingSerializer>();
        builder.Services.AddHostedService<ResolveAtStartup<CohortRegistry>>();
        builder.Services.Configure<SwaggerGenOptions>(o => o.OperationFilter<RankingFormatsOperationFilter>());
        return builder;
    }

    public static IEndpointRouteBuilder MapCohorts(this IEndpointRouteBuilder app)
    {
        // Paths in full: a group root mapped as "" or "/" is reported as "/v1/cohorts/" in the http.route metric label.
        var group = app.MapGroup("/v1").WithTags("Cohorts");

        group.MapGet("/cohorts", ListCohorts)
            .WithName("ListCohorts")
            .WithSummary("List the reference cohorts")
            .WithDescription("Every reference cohort this deployment provides (built in: `open-readiness`; mounted from `Cohorts:Directory`, where a file with a built-in cohort's id replaces it): title, source, licence, the methodology its columns belong to, size, content hash and input columns.")
            .WithExamples(null, () => new List<CohortSummary> { CohortSummary.Of(CohortExamples.Cohort) });

        group.MapGet("/cohorts/{id}", GetCohort)
            .WithName("GetCohort")
            .WithSummary("Read one cohort")
            .WithDescription("The cohort's members (ISO 3166-1 alpha-3 code, name) and their input values by node id; a missing value is absent.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithExample("ok", "The example cohort", StatusCodes.Status200OK, _ => CohortResponse.Of(CohortExamples.Cohort),
                parameters: new Dictionary<string, string> { ["id"] = CohortExamples.Cohort.Id })
            .WithExample("unknownCohort", "A cohort this deployment does not have", StatusCodes.Status404NotFound,
                _ => ReferenceResolver.Examples.UnknownCohort("no-such-cohort"),
                parameters: new Dictionary<string, string> { ["id"] = "no-such-cohort" });

        group.MapGet("/cohorts/{id}/ranking", GetCohortRankingAsync)
            .WithName("GetCohortRanking")
            .WithSummary("Rank a cohort under a methodology")
            .WithDescription("Scores every member of the cohort under the methodology (default: the cohort's own, else `readiness-v1`), rescaling over the cohort where the methodology asks (`gaii-2021`), and ranks them: 1 = best, ties share the best rank. Members that cannot be scored (coverage below the methodology's minimum) come last, without rank, with the reason. Cached: the `X-Cache` header says `hit`, `miss` or `bypass` (Redis unavailable). With `group`, only the cohort's members in that peer group (`GET /v1/groups`) are listed, ranked among themselves; their scores stay those of the whole cohort. The same ranking also comes as CSV (a table for data teams: `rank,country,name,score,tier,coverage,percentile,unranked`) and as an SVG bar chart. " + RankingFormats.Rules)
            .WithMetadata(new RankingFormatsMetadata(new Dictionary<string, string>
            {
                [RankingFormats.Csv] = "The same ranking as a table (RFC 4180, header row): `rank,country,name,score,tier,coverage,percentile,unranked`, one row per member in ranking order; an empty cell where the JSON has no value.",
                [RankingFormats.Svg] = "A bar chart of the same ranking: one labelled bar per ranked member with its score, headed by the cohort and the methodology (id, version, hash), footed by the data's source and licence and the members that could not be ranked.",
            }))
            .WithCacheHeader()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status406NotAcceptable)
            .WithExample("ok", "The example cohort ranked under its methodology", StatusCodes.Status200OK, _ => CohortExamples.Ranking(),
                parameters: new Dictionary<string, string> { ["id"] = CohortExamples.Cohort.Id })
            .WithExample("chart", "The same ranking as an SVG bar chart", StatusCodes.Status200OK, _ => CohortExamples.Chart(),
                parameters: new Dictionary<string, string> { ["id"] = CohortExamples.Cohort.Id, ["format"] = "svg" })
            .WithExample("table", "The same ranking as CSV", StatusCodes.Status200OK, _ => CohortExamples.Table(),
                parameters: new Dictionary<string, string> { ["id"] = CohortExamples.Cohort.Id, ["format"] = "csv" })
            .WithExample("withinGroup", "The example cohort's BRICS members ranked among themselves", StatusCodes.Status200OK, _ => CohortExamples.Ranking("brics"),
                parameters: new Dictionary<string, string> { ["id"] = CohortExamples.Cohort.Id, ["group"] = "brics" })
            .WithExample("unknownGroup", "A peer group the service does not know", StatusCodes.Status400BadRequest,
                _ => ReferenceResolver.Example(null, CohortExamples.Cohort.Id, "no-such-group", NamedIn.CohortPath),
                parameters: new Dictionary<string, string> { ["id"] = CohortExamples.Cohort.Id, ["group"] = "no-such-group" })
            .WithExample("methodologyNotCarried", "A methodology whose inputs the cohort does not carry", StatusCodes.Status400BadRequest,
                _ => ReferenceResolver.Example("imf-aipi-2023", CohortExamples.Cohort.Id, null, NamedIn.CohortPath),
                parameters: new Dictionary<string, string> { ["id"] = CohortExamples.Cohort.Id, ["methodology"] = "imf-aipi-2023" })
            .WithExample("unknownCohort", "A cohort this deployment does not have", StatusCodes.Status404NotFound,
                _ => ReferenceResolver.Example(null, "no-such-cohort", null, NamedIn.CohortPath),
                parameters: new Dictionary<string, string> { ["id"] = "no-such-cohort" })
            .WithExample(new OperationExample("notAcceptable", "An Accept header that admits none of the formats", StatusCodes.Status406NotAcceptable,
                null, null, _ => ContentNegotiation.NotAcceptable(RankingFormats.MediaTypes))
            {
                Raw = new RawRequest
                {
                    Parameters = new Dictionary<string, string> { ["id"] = CohortExamples.Cohort.Id },
                    Headers = new Dictionary<string, string> { ["Accept"] = "application/xml" },
                },
            });

        group.MapGet("/cohorts/{id}/audit", GetCohortAuditAsync)
            .WithName("GetCohortAudit")
            .WithSummary("Audit an index over a cohort: coherence, importance against weight, flags")
            .WithDescription("The statistical audit the JRC runs on published indices, for any cohort, methodology (default: the cohort's own, else `readiness-v1`) and peer group: per indicator, count, coverage, mean, standard deviation, minimum, maximum, skewness (G1), excess kurtosis (G2) and the JRC outlier flag (|skewness| > 2 and kurtosis > 3.5); per inner node, Cronbach's alpha of its children and each child's Pearson and Spearman correlation with the node, its siblings and the index; per pillar and sub-pillar, its nominal weight share beside its measured share of the index's variance (first-order effect by a local-linear smoother, r² too), flagged beyond a factor of 2; flags for negative or weak (r < 0.3) correlation with the parent and redundant siblings (|r| > 0.92). Missing values are handled pairwise, and every figure names the members it leaves out. Cached (`X-Cache`). With `format=svg` or `Accept: image/svg+xml`: a heatmap of the correlations.")
            .WithMetadata(new RankingFormatsMetadata(new Dictionary<string, string> { [RankingFormats.Svg] = "A heatmap of the Pearson correlations between the index and every node with data, headed by the cohort and the methodology (id, version, hash), footed by the flags." }))
            .ProducesProblem(StatusCodes.Status406NotAcceptable)
            .WithCacheHeader()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithExample("ok", "The example cohort audited under its methodology", StatusCodes.Status200OK, _ => CohortExamples.Audit(),
                parameters: new Dictionary<string, string> { ["id"] = CohortExamples.Cohort.Id })
            .WithExample("heatmap", "The same audit's correlations as an SVG heatmap", StatusCodes.Status200OK,
                _ => TypedResults.Text(AuditChart.Render(CohortExamples.Audit()), RankingFormats.Svg),
                parameters: new Dictionary<string, string> { ["id"] = CohortExamples.Cohort.Id, ["format"] = "svg" })
            .WithExample("methodologyNotCarried", "A methodology whose inputs the cohort does not carry", StatusCodes.Status400BadRequest,
                _ => ReferenceResolver.Example("imf-aipi-2023", CohortExamples.Cohort.Id, null, NamedIn.CohortPath),
                parameters: new Dictionary<string, string> { ["id"] = CohortExamples.Cohort.Id, ["methodology"] = "imf-aipi-2023" })
            .WithExample("unknownCohort", "A cohort this deployment does not have", StatusCodes.Status404NotFound,
                _ => ReferenceResolver.Example(null, "no-such-cohort", null, NamedIn.CohortPath),
                parameters: new Dictionary<string, string> { ["id"] = "no-such-cohort" })
            .WithExample(new OperationExample("notAcceptable", "An Accept header that admits neither JSON nor SVG", StatusCodes.Status406NotAcceptable,
                null, null, _ => ContentNegotiation.NotAcceptable(AuditMediaTypes))
            {
                Raw = new RawRequest
                {
                    Parameters = new Dictionary<string, string> { ["id"] = CohortExamples.Cohort.Id },
                    Headers = new Dictionary<string, string> { ["Accept"] = "application/xml" },
                },
            })
            .WithRequestTimeout(Infrastructure.Security.SecurityExtensions.HeavyTimeoutPolicy);
        return app;
    }

    public static Ok<List<CohortSummary>> ListCohorts(CohortRegistry cohorts) =>
        TypedResults.Ok(cohorts.All.Select(CohortSummary.Of).ToList());

    /// <param name="id">Cohort id, e.g. <c>imf-aipi-2023</c>.</param>
    public static Results<Ok<CohortResponse>, ProblemHttpResult> GetCohort(string id, CohortRegistry cohorts, ReferenceResolver references) =>
        cohorts.TryGet(id, out var cohort) ? TypedResults.Ok(CohortResponse.Of(cohort)) : references.UnknownCohort(id);

    /// <param name="id">Cohort id, e.g. <c>imf-aipi-2023</c>.</param>
    /// <param name="methodology">Methodology id; defaults to the cohort's own methodology, else <c>readiness-v1</c>.</param>
    /// <param name="group">Rank only the cohort's members that belong to this peer group, among themselves (scores stay those of the whole cohort).</param>
    /// <param name="format">The answer's format: <c>json</c>, <c>csv</c> or <c>svg</c>. When given it decides, whatever <c>Accept</c> says; without it, <c>Accept</c> does (JSON by default).</param>
    public static async Task<Results<Ok<List<RankingEntry>>, ContentHttpResult, ProblemHttpResult>> GetCohortRankingAsync(
        string id, string? methodology, string? group, string? format, HttpContext context,
        ReferenceResolver references, CohortRankings rankings, CancellationToken cancellationToken)
    {
        var mediaType = RankingFormats.Negotiate(format, context.Request.Headers.Accept, RankingFormats.MediaTypes, out var badFormat);
        if (badFormat is not null)
        {
            return badFormat;
        }
        if (references.Resolve(methodology, id, group, NamedIn.CohortPath, out var target) is { } problem)
        {
            return problem;
        }
        if (mediaType is null)
        {
            return ContentNegotiation.NotAcceptable(RankingFormats.MediaTypes);
        }
        var (cohort, m, peerGroup) = (target.Cohort!, target.Methodology, target.Group);

        var ranking = await rankings.GetAsync(cohort, m, cancellationToken);
        context.Response.SetCacheHeader(ranking.Outcome);
        context.Response.Headers.Vary = HeaderNames.Accept;
        // A group's view is derived from the cached ranking of the whole cohort: cheap, and the same scores.
        var view = target.InGroup is { } inGroup ? ranking.Value.Within(inGroup) : ranking.Value;
        return mediaType switch
        {
            RankingFormats.Svg => TypedResults.Text(RankingChart.Render(view, cohort, m, peerGroup), RankingFormats.Svg),
            RankingFormats.Csv => TypedResults.Text(RankingCsv.Render(view), RankingCsv.ContentType),
            _ => TypedResults.Ok(view.Members.Select(RankingEntry.Of).ToList()),
        };
    }

    /// <summary>What the audit answers in: JSON, or the heatmap.</summary>
    private static readonly string[] AuditMediaTypes = [RankingFormats.Json, RankingFormats.Svg];

    /// <param name="id">Cohort id, e.g. <c>open-readiness</c>.</param>
    /// <param name="methodology">Methodology id; defaults to the cohort's own methodology, else <c>readiness-v1</c>.</param>
    /// <param name="group">Audit only the cohort's members that belong to this peer group.</param>
    /// <param name="format"><c>json</c> (default) or <c>svg</c> (the correlation heatmap); without it, <c>Accept: image/svg+xml</c> asks for the chart.</param>
    public static async Task<Results<Ok<AuditResponse>, ContentHttpResult, ProblemHttpResult>> GetCohortAuditAsync(
        string id, string? methodology, string? group, string? format, HttpContext context,
        ReferenceResolver references, CohortAudits audits, CancellationToken cancellationToken)
    {
        var mediaType = RankingFormats.Negotiate(format, context.Request.Headers.Accept, AuditMediaTypes, out var badFormat);
        if (badFormat is not null)
        {
            return badFormat;
        }
        if (references.Resolve(methodology, id, group, NamedIn.CohortPath, out var target) is { } problem)
        {
            return problem;
        }
        if (mediaType is null)
        {
            return ContentNegotiation.NotAcceptable(AuditMediaTypes);
        }
        var (cohort, m, peerGroup) = (target.Cohort!, target.Methodology, target.Group);
        if (target.InGroup is { } inGroup && !cohort.Members.Any(x => inGroup(x.Country)))
        {
            return Problems.Invalid("group", $"None of cohort '{cohort.Id}''s members is in group '{peerGroup!.Id}': nothing to audit.");
        }
        var audit = await audits.GetAsync(cohort, m, peerGroup, cancellationToken);
        context.Response.SetCacheHeader(audit.Outcome);
        context.Response.Headers.Vary = HeaderNames.Accept;
        return mediaType == RankingFormats.Svg ? TypedResults.Text(AuditChart.Render(audit.Value), RankingFormats.Svg) : TypedResults.Ok(audit.Value);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cohort {Id} loaded: {Size} members, methodology {Methodology}, hash {Hash}")]
    private static partial void LogLoaded(ILogger logger, string id, int size, string methodology, string hash);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Warning}")]
    private static partial void LogIgnored(ILogger logger, string warning);

    [LoggerMessage(Level = LogLevel.Information, Message = "No cohorts mounted: Cohorts:Directory is not set")]
    private static partial void LogNoDirectory(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cohort {Id} mounted in {Directory} replaces the built-in cohort of the same id")]
    private static partial void LogReplaced(ILogger logger, string id, string directory);
}
