using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ReadinessApi.Cohorts;
using ReadinessApi.Infrastructure.Json;
using ReadinessApi.Infrastructure.OpenApi;
using ReadinessApi.Infrastructure.Validation;
using ReadinessApi.Scoring;
using ReadinessApi.Scoring.Cohorts;

namespace ReadinessApi.Scores;

public static class CompareEndpoints
{
    public static IEndpointRouteBuilder MapCompare(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/scores").WithTags("Scores");

        group.MapPost("/compare", CompareScenarios)
            .WithName("CompareScenarios")
            .WithSummary("What if? Score a baseline and named scenarios side by side")
            .WithDescription("Scores the baseline country, then each scenario on its own: scenario inputs override the baseline's (a value for a node replaces the baseline's values below it), scenario weights derive a methodology with its own version and hash for that scenario only. Each scenario carries its full explained score, `scoreDelta` and `tierChanged`; with `cohort`, every result is ranked in the cohort (the country's own row, if the cohort has one, is replaced) and each scenario carries `rankDelta`; with `group` too, ranks are within that peer group's members of the cohort (`group`, `groupSize`), as for a single score.")
            .WithValidation<CompareRequest>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Produces<CoverageProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")
            .WithExamples(CompareExamples.Request, CompareExamples.Response)
            .WithExample("unknownMethodology", "A methodology the service does not have", StatusCodes.Status404NotFound,
                _ => CompareScenarios(CompareExamples.UnknownMethodology, ReferenceResolver.Examples),
                CompareExamples.UnknownMethodology)
            .WithExample("unknownGroup", "A peer group the service does not know", StatusCodes.Status400BadRequest,
                _ => CompareScenarios(CompareExamples.UnknownGroup, ReferenceResolver.Examples),
                CompareExamples.UnknownGroup)
            .WithExample("lowCoverage", "A baseline below the methodology's minimum coverage", StatusCodes.Status422UnprocessableEntity,
                _ => CompareScenarios(CompareExamples.LowCoverage, ReferenceResolver.Examples),
                CompareExamples.LowCoverage);
        return app;
    }

    public static Results<GeneratedJson<CompareResponse>, ProblemHttpResult> CompareScenarios(CompareRequest request, ReferenceResolver references)
    {
        if (references.Resolve(request.Methodology, request.Cohort, request.Group, NamedIn.Body, out var target) is { } problem)
        {
            return problem;
        }
        var m = target.Methodology;
        var cohort = target.Cohort is { } c ? CohortRowSet.Of(c, m) : null;
        var country = request.Baseline.Country;
        var baselineRow = request.Baseline.BoundTo(m).Values;
        var baseline = Score(m, baselineRow, country, request.Baseline.Year, cohort, target);
        if (baseline.Response is null)
        {
            return ScoresEndpoints.InsufficientCoverage(baseline.Result);
        }

        var scenarios = new List<ScenarioResponse>(request.Scenarios.Count);
        foreach (var scenario in request.Scenarios)
        {
            // The validator has checked the weights; a derived methodology is compiled for this scenario only.
            var derived = scenario.Weights is { Count: > 0 } weights ? m.WithWeights(weights) : m;
            var row = Override(m, baselineRow, scenario.Inputs);
            var (result, raw) = Score(derived, row, country, request.Baseline.Year, cohort, target);
            if (result is null)
            {
                var coverage = ScoresEndpoints.InsufficientCoverage(raw);
                coverage.ProblemDetails.Detail = $"Scenario '{scenario.Name}': {coverage.ProblemDetails.Detail}";
                coverage.ProblemDetails.Extensions["scenario"] = scenario.Name;
                return coverage;
            }
            scenarios.Add(new ScenarioResponse(
                scenario.Name,
                result,
                result.Score - baseline.Response.Score,
                result.Tier != baseline.Response.Tier,
                result.Rank - baseline.Response.Rank));
        }
        return new GeneratedJson<CompareResponse>(new CompareResponse(baseline.Response, scenarios), ScoreAnswerWriter.Write);
    }

    /// <summary>The baseline's bound inputs with the scenario's values laid over them; a value for a node clears the baseline's values below it.</summary>
    public static double[] Override(Methodology m, double[] baseline, IReadOnlyDictionary<string, double>? overrides)
    {
        var row = (double[])baseline.Clone();
        foreach (var (id, x) in overrides ?? new Dictionary<string, double>())
        {
            m.TryGetIndex(id, out int node);
            for (int i = node + 1; i < m.Count && m.IsAncestor(node, i); i++)
            {
                row[i] = double.NaN;
            }
            row[node] = x;
        }
        return row;
    }

    /// <summary>
    /// The explained score of <paramref name="row"/>, and with a cohort its place among the cohort's members
    /// (its own row, if the cohort has one, replaced by <paramref name="row"/>), rescaled over that cohort where
    /// the methodology asks, ranked within the target's group when one is named: the members are scored
    /// under <paramref name="m"/> (a scenario's derived weights included), then placed by the rule a single
    /// score uses, while the engine publishes the score (it runs once). The response is null when coverage
    /// is too low for a score.
    /// </summary>
    public static (ScoreResponse? Response, ScoreResult Result) Score(Methodology m, double[] row, string country, int? year, CohortRowSet? cohort, Reference target)
    {
        if (cohort is null)
        {
            var plain = Scorer.Score(m, row);
            return (plain.Score is null ? null : ScoreExplainer.ToResponse(plain, country, year), plain);
        }
        var scorer = new RowScorer(m);
        var members = new (string Country, double RawScore)[cohort.Rows.Count];
        for (int r = 0; r < cohort.Rows.Count; r++)
        {
            members[r] = (cohort.Countries[r], scorer.Evaluate(cohort.Rows[r]));
        }
        CohortPlacement placement = default, ranked = default;
        var result = Scorer.Score(m, row, raw =>
        {
            placement = CohortRanking.PlaceAmong(m, members, country, raw);
            ranked = target.InGroup is { } inGroup ? CohortRanking.PlaceAmong(m, members, country, raw, inGroup) : placement;
            return placement.Scale;
        });
        return result.Score is null
            ? (null, result)
            : (ScoreExplainer.Placed(ScoreExplainer.ToResponse(result, country, year), cohort.Id, placement, ranked, target.Group), result);
    }
}
