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

    public static ScoreResponse Response() =>
        ScoreExplainer.ToResponse(ScoresEndpoints.Score(MethodologyCatalog.Embedded.Default, Request.Inputs), Request.Country, Request.Year);
}
