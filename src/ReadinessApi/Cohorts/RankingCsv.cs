using System.Globalization;
using nietras.SeparatedValues;
using ReadinessApi.Scoring.Cohorts;

namespace ReadinessApi.Cohorts;

/// <summary>
/// A ranking as CSV for data teams: <c>rank,country,name,score,tier,coverage,percentile,unranked</c>, one row per
/// member in ranking order, RFC 4180 (Sep quotes what needs quoting), numbers in their shortest round-trip
/// form as the JSON has them, an empty cell where the JSON has no value.
/// </summary>
public static class RankingCsv
{
    public const string ContentType = RankingFormats.Csv + "; charset=utf-8; header=present";

    public static string Render(CohortRanking ranking)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\r\n" };
        using (var writer = Sep.New(',').Writer(o => o with { Escape = true }).To(text))
        {
            // Written up front: a group with no member in the cohort is still a table, with no rows.
            writer.Header.Add(["rank", "country", "name", "score", "tier", "coverage", "percentile", "unranked"]);
            writer.Header.Write();
            foreach (var entry in ranking.Members.Select(RankingEntry.Of))
            {
                using var row = writer.NewRow();
                row["rank"].Set(Cell(entry.Rank));
                row["country"].Set(entry.Country);
                row["name"].Set(entry.Name);
                row["score"].Set(Cell(entry.Score));
                row["tier"].Set(entry.Tier ?? "");
                row["coverage"].Set(Cell(entry.Coverage));
                row["percentile"].Set(Cell(entry.Percentile));
                row["unranked"].Set(entry.Unranked ?? "");
            }
        }
        return text.ToString();
    }

    private static string Cell(double? value) => value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    private static string Cell(int? value) => value is { } v ? v.ToString(CultureInfo.InvariantCulture) : "";
}
