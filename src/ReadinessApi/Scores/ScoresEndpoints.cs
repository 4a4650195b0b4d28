using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ReadinessApi.Cohorts;
using ReadinessApi.Infrastructure.Caching;
using ReadinessApi.Infrastructure.Json;
using ReadinessApi.Infrastructure.OpenApi;
using ReadinessApi.Infrastructure.Telemetry;
using ReadinessApi.Infrastructure.Validation;
using ReadinessApi.Scoring;
using ReadinessApi.Scoring.Cohorts;

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
        // Paths in full: a group root mapped as "" or "/" is reported as "/v1/scores/" in the http.route metric label.
        var group = app.MapGroup("/v1").WithTags("Scores");

        group.MapPost("/scores", ScoreAsync)
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
                _ => ReferenceResolver.Example(ScoreExamples.UnknownGroup.Methodology, ScoreExamples.UnknownGroup.Cohort, ScoreExamples.UnknownGroup.Group, NamedIn.Body), ScoreExamples.UnknownGroup)
            .WithExample("unknownMethodology", "A methodology the service does not have", StatusCodes.Status404NotFound,
                _ => ReferenceResolver.Example(ScoreExamples.UnknownMethodology.Methodology, ScoreExamples.UnknownMethodology.Cohort, ScoreExamples.UnknownMethodology.Group, NamedIn.Body), ScoreExamples.UnknownMethodology)
            .WithExample("lowCoverage", "Too few inputs: below the methodology's minimum coverage", StatusCodes.Status422UnprocessableEntity,
                http => InsufficientCoverage(Scorer.Score(http.RequestServices.GetRequiredService<MethodologyCatalog>().Default,
                    ScoreExamples.LowCoverage.BoundTo(http.RequestServices.GetRequiredService<MethodologyCatalog>().Default).Values)),
                ScoreExamples.LowCoverage)
            .WithCacheHeader();
        return app;
    }

    public static async Task<Results<GeneratedJson<ScoreResponse>, ProblemHttpResult>> ScoreAsync(ScoreRequest request, ReferenceResolver references,
        CohortRankings rankings, ReadinessTelemetry telemetry, ILogger<ScoreRequest> logger, HttpContext context, CancellationToken cancellationToken)
    {
        if (references.Resolve(request.Methodology, request.Cohort, request.Group, NamedIn.Body, out var target) is { } problem)
        {
            if (references.MethodologyOf(request.Methodology) is null)
            {
                telemetry.ScoreCompleted(null, null, TelemetryNames.UnknownMethodology);
                Log.UnknownMethodology(logger, request.Methodology!);
            }
            return problem;
        }
        var methodology = target.Methodology;
        using var activity = ReadinessTelemetry.StartScore(methodology, request.Country, request.Cohort);
        var started = Stopwatch.GetTimestamp();
        // With a cohort the rank, and with a rescaling methodology the scale, depend on the raw score: the
        // ranking is fetched first, so the engine runs once and places the score while it publishes it.
        CacheResult<CohortRanking>? ranking = null;
        if (target.Cohort is { } cohort)
        {
            ranking = await rankings.GetAsync(cohort, methodology, cancellationToken);
            context.Response.SetCacheHeader(ranking.Value.Outcome);
        }
        CohortPlacement placement = default, ranked = default;
        ScoreResult result;
        try
        {
            result = ranking is { Value: var cached }
                ? Scorer.Score(methodology, request.BoundTo(methodology).Values, raw =>
                {
                    // Within a group: compared with the group's members of the cohort (the country need not be one).
                    placement = cached.Place(methodology, request.Country, raw);
                    ranked = target.InGroup is { } inGroup ? cached.Place(methodology, request.Country, raw, inGroup) : placement;
                    return placement.Scale;
                })
                : Scorer.Score(methodology, request.BoundTo(methodology).Values);
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
        if (target.Cohort is not null)
        {
            response = ScoreExplainer.Placed(response, target.Cohort.Id, placement, ranked, target.Group);
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        telemetry.ScoreCompleted(activity, methodology.Id, TelemetryNames.Scored, elapsed);
        Log.Scored(logger, request.Country, methodology.Id, methodology.Version, response.Score, response.Tier ?? "", result.Coverage, elapsed.TotalMilliseconds);
        return new GeneratedJson<ScoreResponse>(response, ScoreAnswerWriter.Write);
    }

    public static ProblemHttpResult InsufficientCoverage(ScoreResult result)
    {
        var m = result.Methodology;
        return TypedResults.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "Coverage below the methodology's minimum.",
            Detail = CoverageReport.Message(m, result.Coverage, result.Missing),
            Extensions =
            {
                ["coverage"] = result.Coverage,
                ["minCoverage"] = m.MinCoverage,
                ["missing"] = result.Missing,
            },
        });
    }
}
