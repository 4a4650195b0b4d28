using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ReadinessApi.Groups;
using ReadinessApi.Infrastructure.Json;
using ReadinessApi.Infrastructure.OpenApi;
using ReadinessApi.Infrastructure.Validation;
using ReadinessApi.Scoring;
using ReadinessApi.Scoring.Cohorts;
using ReadinessApi.Scoring.Groups;
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
            .WithDescription("Scores the baseline country, then each scenario on its own: scenario inputs override the baseline's (a value for a node replaces the baseline's values below it), scenario weights derive a methodology with its own version and hash for that scenario only. Each scenario carries its full explained score, `scoreDelta` and `tierChanged`; with `cohort`, every result is ranked in the cohort (the country's own row, if the cohort has one, is replaced) and each scenario carries `rankDelta`; with `group` too, ranks are within that peer group's members of the cohort (`group`, `groupSize`), as for a single score.")
            .WithValidation<CompareRequest>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Produces<CoverageProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")
            .WithExamples(CompareExamples.Request, CompareExamples.Response)
            .WithExample("unknownMethodology", "A methodology the service does not have", StatusCodes.Status404NotFound,
                http => CompareScenarios(CompareExamples.UnknownMethodology, http.RequestServices.GetRequiredService<MethodologyCatalog>(), http.RequestServices.GetRequiredService<ICohortRows>(), http.RequestServices.GetRequiredService<PeerGroupCatalog>()),
                CompareExamples.UnknownMethodology)
            .WithExample("unknownGroup", "A peer group the service does not know", StatusCodes.Status400BadRequest,
                http => CompareScenarios(CompareExamples.UnknownGroup, http.RequestServices.GetRequiredService<MethodologyCatalog>(), http.RequestServices.GetRequiredService<ICohortRows>(), http.RequestServices.GetRequiredService<PeerGroupCatalog>()),
                CompareExamples.UnknownGroup)
            .WithExample("lowCoverage", "A baseline below the methodology's minimum coverage", StatusCodes.Status422UnprocessableEntity,
                http => CompareScenarios(CompareExamples.LowCoverage, http.RequestServices.GetRequiredService<MethodologyCatalog>(), http.RequestServices.GetRequiredService<ICohortRows>(), http.RequestServices.GetRequiredService<PeerGroupCatalog>()),
                CompareExamples.LowCoverage);
        return app;
    }

    public static Results<GeneratedJson<CompareResponse>, ProblemHttpResult> CompareScenarios(CompareRequest request, MethodologyCatalog catalog,
        ICohortRows cohorts, PeerGroupCatalog groups)
    {
        var methodologyId = request.Methodology ?? MethodologyCatalog.DefaultId;
        if (!catalog.TryGet(methodologyId, out var m))
        {
            return ScoresEndpoints.UnknownMethodology(methodologyId);
        }
        if (GroupsEndpoints.GroupProblem(groups, request.Group, request.Cohort, out var group) is { } groupProblem)
        {
            return groupProblem;
        }
        CohortRowSet? cohort = null;
        if (request.Cohort is { } cohortId && !cohorts.TryGet(cohortId, m, out cohort))
        {
            return SensitivityEndpoints.UnknownCohort(cohortId);
        }
        var country = request.Baseline.Country;
        var baselineRow = new double[m.Count];
        InputBinder.Bind(m, request.Baseline.Inputs, baselineRow);
        var baseline = Score(m, baselineRow, country, request.Baseline.Year, cohort, group);
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
            var result = Score(derived, row, country, request.Baseline.Year, cohort, group);
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
        return new GeneratedJson<CompareResponse>(new CompareResponse(baseline, scenarios), ScoreAnswerWriter.Write);
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
    /// the methodology asks, ranked within <paramref name="group"/> when one is named: the members are scored
    /// under <paramref name="m"/> (a scenario's derived weights included), then placed by the rule a single
    /// score uses. Null when coverage is too low for a score.
    /// </summary>
    public static ScoreResponse? Score(Methodology m, double[] row, string country, int? year, CohortRowSet? cohort, PeerGroup? group = null)
    {
        var result = Scorer.Score(m, row);
        if (result.Score is null)
        {
            return null;
        }
        if (cohort is null)
        {
            return ScoreExplainer.ToResponse(result, country, year);
        }
        var weights = m.Nodes.Select(n => n.Weight).ToArray();
        var value = new double[m.Count];
        var coverage = new double[m.Count];
        var flags = new NodeFlags[m.Count];
        var members = new (string Country, double RawScore)[cohort.Rows.Count];
        for (int r = 0; r < cohort.Rows.Count; r++)
        {
            members[r] = (cohort.Countries[r], Scorer.Evaluate(m, cohort.Rows[r], weights, null, value, coverage, flags));
        }
        var placement = CohortRanking.PlaceAmong(m, members, country, result.RawScore);
        var ranked = group is null ? placement : CohortRanking.PlaceAmong(m, members, country, result.RawScore, GroupsEndpoints.MemberTest(group));
        if (placement.Scale is { } scale)
        {
            result = Scorer.Score(m, row, scale);
        }
        return ScoreExplainer.Placed(ScoreExplainer.ToResponse(result, country, year), cohort.Id, placement, ranked, group);
    }
}
