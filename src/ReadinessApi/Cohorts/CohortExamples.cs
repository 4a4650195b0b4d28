using ReadinessApi.Scoring;
using ReadinessApi.Scoring.Cohorts;

namespace ReadinessApi.Cohorts;

/// <summary>
/// The documented examples: a made-up three-country cohort (not a published table), ranked by the same
/// code that serves requests, so the document cannot drift from the service.
/// </summary>
public static class CohortExamples
{
    public static Cohort Cohort { get; } = Cohort.Create("example-pillars",
    [
        new CohortMember("DEU", "Germany", new Dictionary<string, double> { ["innovation"] = 40, ["implementation"] = 62, ["investment"] = 30, ["computeAccess"] = 70 }),
        new CohortMember("IND", "India", new Dictionary<string, double> { ["innovation"] = 25, ["implementation"] = 30, ["investment"] = 22, ["computeAccess"] = 45 }),
        new CohortMember("RUS", "Russia", new Dictionary<string, double> { ["innovation"] = 18.5, ["implementation"] = 33, ["investment"] = 9, ["computeAccess"] = 6 }),
    ], new CohortMetadata("Example cohort (illustrative values)", "Made up for the API documentation", "CC0-1.0", MethodologyCatalog.DefaultId));

    /// <summary>The ranking's SVG chart, as GET /v1/cohorts/{id}/ranking?format=svg answers it.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ContentHttpResult Chart()
    {
        var m = MethodologyCatalog.Embedded.Default;
        return TypedResults.Text(RankingChart.Render(CohortRanking.Compute(m, Cohort), Cohort, m), RankingFormats.Svg);
    }

    /// <summary>The ranking as CSV, as GET /v1/cohorts/{id}/ranking?format=csv answers it.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ContentHttpResult Table() =>
        TypedResults.Text(RankingCsv.Render(CohortRanking.Compute(MethodologyCatalog.Embedded.Default, Cohort)), RankingCsv.ContentType);

    public static List<RankingEntry> Ranking() =>
        [.. CohortRanking.Compute(MethodologyCatalog.Embedded.Default, Cohort).Members.Select(RankingEntry.Of)];

    /// <summary>The ranking within an embedded peer group, as GET /v1/cohorts/{id}/ranking?group= answers it.</summary>
    public static List<RankingEntry> Ranking(string group) =>
        [.. CohortRanking.Compute(MethodologyCatalog.Embedded.Default, Cohort)
            .Within(Scoring.Groups.PeerGroupCatalog.Embedded[group].Members.ToHashSet(StringComparer.Ordinal).Contains).Members.Select(RankingEntry.Of)];

    /// <summary>The audit, as GET /v1/cohorts/{id}/audit answers it (three members: most statistics need more and are null).</summary>
    public static AuditResponse Audit()
    {
        var m = MethodologyCatalog.Embedded.Default;
        var bound = Cohort.Bind(m);
        return CohortAudits.Audit(m, Cohort.Id, null, [.. bound.Countries], bound.Rows);
    }
}
