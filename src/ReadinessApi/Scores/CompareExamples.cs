namespace ReadinessApi.Scores;

/// <summary>The documented what-if (api.md's example); its response is computed by the same handler that serves requests.</summary>
public static class CompareExamples
{
    public static CompareRequest Request { get; } = new(
        Baseline: new CompareBaseline("RUS", new() { ["innovation"] = 18.5, ["implementation"] = 33.0, ["investment"] = 9.0, ["computeAccess"] = 6.0 }, 2024),
        Scenarios:
        [
            new CompareScenario("compute access doubles", Inputs: new() { ["computeAccess"] = 12.0 }),
            new CompareScenario("weights favour compute", Weights: new() { ["computeAccess"] = 0.4 }),
        ],
        Methodology: "readiness-v1");

    /// <summary>404: no such methodology.</summary>
    public static CompareRequest UnknownMethodology { get; } = Request with { Methodology = "no-such-methodology" };

    /// <summary>422: the baseline has one pillar of four (30% of readiness-v1, below its 66% minimum).</summary>
    public static CompareRequest LowCoverage { get; } = Request with { Baseline = Request.Baseline with { Inputs = new() { ["innovation"] = 18.5 } } };

    /// <summary>400: a peer group the service does not know, to rank the example cohort within.</summary>
    public static CompareRequest UnknownGroup { get; } = Request with { Cohort = "example-pillars", Group = "no-such-group" };

    public static CompareResponse? Response() =>
        CompareEndpoints.CompareScenarios(Request, Cohorts.ReferenceResolver.Examples).Result
            is Infrastructure.Json.GeneratedJson<CompareResponse> ok ? ok.Value : null;
}
