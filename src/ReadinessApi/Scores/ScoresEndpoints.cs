using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ReadinessApi.Cohorts;
using ReadinessApi.Groups;
using ReadinessApi.Infrastructure.Caching;
using ReadinessApi.Infrastructure.Json;
using ReadinessApi.Infrastructure.OpenApi;
using ReadinessApi.Infrastructure.Telemetry;
using ReadinessApi.Infrastructure.Validation;
using ReadinessApi.Scoring;
using ReadinessApi.Scoring.Cohorts;
using ReadinessApi.Scoring.Groups;

namespace ReadinessApi.Scores;

public static class ScoresEndpoints
{
    public static IHostApplicationBuilder AddScoring(this IHostApplicationBuilder builder)
    {
        // Compiling the embedded methodologies here means a broken one stops start-up, not a request.
        builder.Services.AddSingleton(MethodologyCatalog.Embedded);
        return builder;
    }

    public static IEndpointRouteBuilder MapScores(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/scores").WithTags("Scores");

        group.MapPost("/", ScoreAsync)
            .WithName("ScoreCountry")
            .WithSummary("Score one country")
            .WithDescription("Computes the composite AI-readiness score of one country from inputs at any level of the methodology's tree, with its full explanation: per-node values, weights, effective weights, contributions that sum to the score, coverage, the bottleneck pillar and the points it needs to reach the next tier. With `cohort`, also ranks the country against that reference cohort (`rank`, `cohortSize`, `percentile`; its own row, if the cohort has one, is replaced by this request); with `group` too, rank and percentile are within that peer group's members of the cohort (`group`, `groupSize`; `GET /v1/groups` lists the groups), rescaling over the cohort where the methodology asks; the cohort's ranking comes from the cache and `X-Cache` says `hit`, `miss` or `bypass`. A plain score is computed, not cached: computing it is cheaper than fetching it.")
            .WithValidation<ScoreRequest>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .Produces<CoverageProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")
            .WithExamples(ScoreExamples.Request, ScoreExamples.Response)
            .WithValidationExample("unknownCountry", "A country code that is not ISO 3166-1 alpha-3", ScoreExamples.UnknownCountry)
            .WithExample("unknownGroup", "A peer group the service does not know", StatusCodes.Status400BadRequest,
                http => GroupsEndpoints.GroupProblem(http.RequestServices.GetRequiredService<PeerGroupCatalog>(),
                    ScoreExamples.UnknownGroup.Group, ScoreExamples.UnknownGroup.Cohort, out _), ScoreExamples.UnknownGroup)
            .WithExample("unknownMethodology", "A methodology the service does not have", StatusCodes.Status404NotFound,
                _ => UnknownMethodology(ScoreExamples.UnknownMethodology.Methodology!), ScoreExamples.UnknownMethodology)
            .WithExample("lowCoverage", "Too few inputs: below the methodology's minimum coverage", StatusCodes.Status422UnprocessableEntity,
                http => InsufficientCoverage(Score(http.RequestServices.GetRequiredService<MethodologyCatalog>().Default, ScoreExamples.LowCoverage.Inputs)),
                ScoreExamples.LowCoverage)
            .WithCacheHeader();
        return app;
    }

    public static async Task<Results<GeneratedJson<ScoreResponse>, ProblemHttpResult>> ScoreAsync(ScoreRequest request, MethodologyCatalog catalog,
        CohortRegistry cohorts, PeerGroupCatalog groups, CohortRankings rankings, ReadinessTelemetry telemetry, ILogger<ScoreRequest> logger,
        HttpContext context, CancellationToken cancellationToken)
    {
        var methodologyId = request.Methodology ?? MethodologyCatalog.DefaultId;
        if (!catalog.TryGet(methodologyId, out var methodology))
        {
            telemetry.ScoreCompleted(null, null, TelemetryNames.UnknownMethodology);
            Log.UnknownMethodology(logger, methodologyId);
            return UnknownMethodology(methodologyId);
        }
        if (GroupsEndpoints.GroupProblem(groups, request.Group, request.Cohort, out var group) is { } groupProblem)
        {
            return groupProblem;
        }
        Cohort? cohort = null;
        if (request.Cohort is not null)
        {
            if (!cohorts.TryGet(request.Cohort, out cohort))
            {
                return CohortsEndpoints.UnknownCohort(request.Cohort);
            }
            if (!cohort.Carries(methodology))
            {
                return TypedResults.Problem(ValidationProblems.Create(new Dictionary<string, string[]>
                {
                    ["cohort"] = [CohortsEndpoints.NotCarriedMessage(cohort, methodology)],
                }));
            }
        }
        using var activity = ReadinessTelemetry.StartScore(methodology, request.Country, request.Cohort);
        var started = Stopwatch.GetTimestamp();
        ScoreResult result;
        try
        {
            result = Score(methodology, request.Inputs);
        }
        catch (Exception ex)
        {
            ReadinessTelemetry.RecordException(activity, ex);
            telemetry.ScoreCompleted(activity, methodology.Id, TelemetryNames.Error, Stopwatch.GetElapsedTime(started));
            throw;
        }
        if (result.Score is null)
        {
            telemetry.ScoreCompleted(activity, methodology.Id, TelemetryNames.InsufficientCoverage, Stopwatch.GetElapsedTime(started));
            Log.InsufficientCoverage(logger, methodology.Id, methodology.Version, result.Coverage, methodology.MinCoverage);
            return InsufficientCoverage(result);
        }
        var response = ScoreExplainer.ToResponse(result, request.Country, request.Year);
        if (cohort is not null)
        {
            // The country's rank among the cohort's scored members (its own row, if any, replaced by this request);
            // a cohort-rescaling methodology is rescaled over those members and this country together.
            var ranking = await rankings.GetAsync(cohort, methodology, cancellationToken);
            context.Response.SetCacheHeader(ranking.Outcome);
            var placement = ranking.Value.Place(methodology, request.Country, result.RawScore);
            // Within a group: compared with the group's members of the cohort (the country need not be one).
            var ranked = group is null ? placement : ranking.Value.Place(methodology, request.Country, result.RawScore, GroupsEndpoints.MemberTest(group));
            if (placement.Scale is { } scale)
            {
                result = Score(methodology, request.Inputs, scale);
            }
            response = ScoreExplainer.Placed(ScoreExplainer.ToResponse(result, request.Country, request.Year), cohort.Id, placement, ranked, group);
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        telemetry.ScoreCompleted(activity, methodology.Id, TelemetryNames.Scored, elapsed);
        Log.Scored(logger, request.Country, methodology.Id, methodology.Version, response.Score, response.Tier ?? "", result.Coverage, elapsed.TotalMilliseconds);
        return new GeneratedJson<ScoreResponse>(response, ScoreAnswerWriter.Write);
    }

    /// <summary>Binds validated inputs and scores them (the validator has already rejected bad inputs).</summary>
    public static ScoreResult Score(Methodology methodology, IReadOnlyDictionary<string, double> inputs, CohortScale? cohort = null)
    {
        Span<double> values = stackalloc double[methodology.Count];
        InputBinder.Bind(methodology, inputs, values);
        return Scorer.Score(methodology, values, cohort);
    }

    public static ProblemHttpResult UnknownMethodology(string id) => TypedResults.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status404NotFound,
        Title = "Unknown methodology.",
        Detail = $"There is no methodology '{id}'. GET /v1/methodologies lists them.",
    });

    public static ProblemHttpResult InsufficientCoverage(ScoreResult result)
    {
        var m = result.Methodology;
        return TypedResults.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "Coverage below the methodology's minimum.",
            Detail = $"The inputs cover {result.Coverage * 100:0.#}% of '{m.Id}' (by weight); at least {m.MinCoverage * 100:0.#}% is needed at every level. Add values for the missing nodes.",
            Extensions =
            {
                ["coverage"] = result.Coverage,
                ["minCoverage"] = m.MinCoverage,
                ["missing"] = ScoreExplainer.Missing(result),
            },
        });
    }
}
