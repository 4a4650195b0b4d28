using ReadinessApi.Scoring;

namespace ReadinessApi.Scores;

/// <summary>The documented example; its response is computed by the engine, so the document cannot drift from the service.</summary>
public static class ScoreExamples
{
    public static ScoreRequest Request { get; } = new(
        Country: "RUS",
        Inputs: new() { ["innovation"] = 18.5, ["implementation"] = 33.0, ["investment"] = 9.0, ["computeAccess"] = 6.0 },
        Year: 2024,
        Methodology: "readiness-v1");

    /// <summary>400: not an ISO 3166-1 alpha-3 code (the validator's answer).</summary>
    public static ScoreRequest UnknownCountry { get; } = Request with { Country = "XYZ" };

    /// <summary>404: no such methodology (the handler's answer).</summary>
    public static ScoreRequest UnknownMethodology { get; } = Request with { Methodology = "no-such-methodology" };

    /// <summary>422: one pillar of four covers 30% of readiness-v1, below its 66% minimum.</summary>
    public static ScoreRequest LowCoverage { get; } = Request with { Inputs = new() { ["innovation"] = 18.5 } };

    /// <summary>400: a peer group the service does not know, to rank within the example cohort (the handler's answer).</summary>
    public static ScoreRequest UnknownGroup { get; } = Request with { Cohort = "example-pillars", Group = "no-such-group" };

    public static ScoreResponse Response() =>
        ScoreExplainer.ToResponse(Scorer.Score(MethodologyCatalog.Embedded.Default, Request.BoundTo(MethodologyCatalog.Embedded.Default).Values), Request.Country, Request.Year);
}
