using ReadinessApi.Infrastructure.Validation;
using ReadinessApi.Scoring;

namespace ReadinessApi.Scores;

/// <summary>A what-if comparison: a baseline country and named scenarios that change its inputs and/or the weights.</summary>
/// <param name="Methodology">Methodology id; defaults to <c>readiness-v1</c>.</param>
/// <param name="Cohort">Rank the baseline and every scenario in this reference cohort (the country's own row, if any, is replaced).</param>
/// <param name="Baseline">The country as it is.</param>
/// <param name="Scenarios">What-ifs, each applied to the baseline on its own.</param>
/// <param name="Group">With <c>cohort</c>: rank the baseline and every scenario within this peer group's members of the cohort (<c>GET /v1/groups</c> lists them).</param>
public sealed record CompareRequest(
    CompareBaseline Baseline,
    List<CompareScenario> Scenarios,
    string? Methodology = null,
    string? Cohort = null,
    string? Group = null);

/// <param name="Country">ISO 3166-1 alpha-3 code, upper case.</param>
/// <param name="Inputs">Node id → value, as for <c>POST /v1/scores</c>.</param>
/// <param name="Year">The year the inputs describe (echoed back; optional).</param>
public sealed record CompareBaseline(string Country, Dictionary<string, double> Inputs, int? Year = null) : ICountryInputs
{
    private BoundInputs? _bound;

    public BoundInputs BoundTo(Methodology m) => BoundInputs.Once(ref _bound, m, Inputs);
}

/// <summary>One what-if. Give inputs, weights, or both.</summary>
/// <param name="Name">Unique within the request; echoed back.</param>
/// <param name="Inputs">Node id → value overriding the baseline's; a value for a node replaces the baseline's values below it.</param>
/// <param name="Weights">Node id → weight (relative to siblings, ≥ 0) replacing the methodology's; derives a methodology with its own hash for this scenario only.</param>
public sealed record CompareScenario(string Name, Dictionary<string, double>? Inputs = null, Dictionary<string, double>? Weights = null);

/// <summary>The baseline's score and each scenario's, with the differences.</summary>
public sealed record CompareResponse(ScoreResponse Baseline, IReadOnlyList<ScenarioResponse> Scenarios);

/// <param name="Name">The scenario's name.</param>
/// <param name="Result">The scenario's full score (under the derived methodology when it changes weights).</param>
/// <param name="ScoreDelta">Scenario score − baseline score, on the published scale.</param>
/// <param name="TierChanged">True when the scenario lands in another tier than the baseline.</param>
/// <param name="RankDelta">With a cohort: scenario rank − baseline rank (negative: the country moves up); within the group when one is named.</param>
public sealed record ScenarioResponse(string Name, ScoreResponse Result, double ScoreDelta, bool TierChanged, int? RankDelta = null);
