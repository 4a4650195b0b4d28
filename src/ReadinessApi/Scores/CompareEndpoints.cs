using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ReadinessApi.Infrastructure.OpenApi;
using ReadinessApi.Infrastructure.Validation;
using ReadinessApi.Scoring;
using ReadinessApi.Sensitivity;

namespace ReadinessApi.Scores;

public static class CompareEndpoints
{
    public static IEndpointRouteBuilder MapCompare(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/scores").WithTags("Scores");

        group.MapPost("/compare", CompareScenarios)
            .WithName("CompareScenarios")
            .WithSummary("What if? Score a baseline and named scenarios side by side")
            .WithDescription("Scores the baseline country, then each scenario on its own: scenario inputs override the baseline's (a value for a node replaces the baseline's values below it), scenario weights derive a methodology with its own version and hash for that scenario only. Each scenario carries its full explained score, `scoreDelta` and `tierChanged`; with `cohort`, every result is ranked in the cohort (the country's own row, if the cohort has one, is replaced) and each scenario carries `rankDelta`.")
            .WithValidation<CompareRequest>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Produces<CoverageProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")
            .WithExamples(CompareExamples.Request, CompareExamples.Response)
            .WithExample("unknownMethodology", "A methodology the service does not have", StatusCodes.Status404NotFound,
                http => CompareScenarios(CompareExamples.UnknownMethodology, http.RequestServices.GetRequiredService<MethodologyCatalog>(), http.RequestServices.GetRequiredService<ICohortRows>()),
                CompareExamples.UnknownMethodology)
            .WithExample("lowCoverage", "A baseline below the methodology's minimum coverage", StatusCodes.Status422UnprocessableEntity,
                http => CompareScenarios(CompareExamples.LowCoverage, http.RequestServices.GetRequiredService<MethodologyCatalog>(), http.RequestServices.GetRequiredService<ICohortRows>()),
                CompareExamples.LowCoverage);
        return app;
    }

    public static Results<Ok<CompareResponse>, ProblemHttpResult> CompareScenarios(CompareRequest request, MethodologyCatalog catalog, ICohortRows cohorts)
    {
        var methodologyId = request.Methodology ?? MethodologyCatalog.DefaultId;
        if (!catalog.TryGet(methodologyId, out var m))
        {
            return ScoresEndpoints.UnknownMethodology(methodologyId);
        }
        CohortRowSet? cohort = null;
        if (request.Cohort is { } cohortId && !cohorts.TryGet(cohortId, m, out cohort))
        {
            return SensitivityEndpoints.UnknownCohort(cohortId);
        }
        var country = request.Baseline.Country;
        var baselineRow = new double[m.Count];
        InputBinder.Bind(m, request.Baseline.Inputs, baselineRow);
        var baseline = Score(m, baselineRow, country, request.Baseline.Year, cohort);
        if (baseline is null)
        {
            return ScoresEndpoints.InsufficientCoverage(Scorer.Score(m, baselineRow));
        }

        var scenarios = new List<ScenarioResponse>(request.Scenarios.Count);
        foreach (var scenario in request.Scenarios)
        {
            // The validator has checked the weights; a derived methodology is compiled for this scenario only.
            var derived = scenario.Weights is { Count: > 0 } weights ? m.WithWeights(weights) : m;
            var row = Override(m, baselineRow, scenario.Inputs);
            var result = Score(derived, row, country, request.Baseline.Year, cohort);
            if (result is null)
            {
                var problem = ScoresEndpoints.InsufficientCoverage(Scorer.Score(derived, row));
                problem.ProblemDetails.Detail = $"Scenario '{scenario.Name}': {problem.ProblemDetails.Detail}";
                problem.ProblemDetails.Extensions["scenario"] = scenario.Name;
                return problem;
            }
            scenarios.Add(new ScenarioResponse(
                scenario.Name,
                result,
                result.Score - baseline.Score,
                result.Tier != baseline.Tier,
                result.Rank - baseline.Rank));
        }
        return TypedResults.Ok(new CompareResponse(baseline, scenarios));
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
    /// The explained score of <paramref name="row"/>, and with a cohort its rank among the cohort's members
    /// (its own row, if the cohort has one, replaced by <paramref name="row"/>), rescaled over that cohort where
    /// the methodology asks. Null when coverage is too low for a score.
    /// </summary>
    public static ScoreResponse? Score(Methodology m, double[] row, string country, int? year, CohortRowSet? cohort)
    {
        if (cohort is null)
        {
            var alone = Scorer.Score(m, row);
            return alone.Score is null ? null : ScoreExplainer.ToResponse(alone, country, year);
        }
        var raw = new List<double>(cohort.Rows.Count + 1);
        var weights = m.Nodes.Select(n => n.Weight).ToArray();
        var value = new double[m.Count];
        var coverage = new double[m.Count];
        var flags = new NodeFlags[m.Count];
        for (int r = 0; r < cohort.Rows.Count; r++)
        {
            if (cohort.Countries[r] != country)
            {
                raw.Add(Scorer.Evaluate(m, cohort.Rows[r], weights, null, value, coverage, flags));
            }
        }
        raw.Add(Scorer.Evaluate(m, row, weights, null, value, coverage, flags));
        var rawScores = raw.ToArray();
        var scale = m.Rescale != RescaleRule.None ? CohortScale.From(rawScores) : null;
        var result = Scorer.Score(m, row, scale);
        if (result.Score is not { } score)
        {
            return null;
        }
        var published = rawScores.Select(x => double.IsFinite(x) ? (scale is { } s ? s.Apply(m.Rescale, x) : x) * m.ScaleFactor : double.NaN).ToArray();
        var ranks = Ranking.Competition(published, out int ranked);
        double key = Ranking.Key(score);
        int below = published.Count(x => double.IsFinite(x) && Ranking.Key(x) < key);
        return ScoreExplainer.ToResponse(result, country, year) with
        {
            Cohort = cohort.Id,
            Rank = ranks[^1],
            CohortSize = ranked,
            Percentile = (double)below / ranked,
        };
    }
}
