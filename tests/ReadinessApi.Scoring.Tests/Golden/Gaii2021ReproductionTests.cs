using ReadinessApi.Scoring.Tests.Support;

namespace ReadinessApi.Scoring.Tests.Golden;

/// <summary>
/// gaii-2021 against Tortoise's published 2021 table (shared/data/tortoise_gaii_2021.csv, never committed):
/// raw weighted means of the seven sub-pillars, min-max rescaled over the 62 countries. The table has two
/// decimals, so totals agree within its rounding (0.0064 observed; 0.01 asserted) and ranks exactly.
/// </summary>
public sealed class Gaii2021ReproductionTests
{
    private const string File = "tortoise_gaii_2021.csv";

    // CSV column → leaf id; the CSV's pillar columns are empty (Tortoise publishes no pillar scores).
    private static readonly (string Column, string Leaf)[] SubPillars =
    [
        ("talent", "talent"),
        ("infrastructure", "infrastructure"),
        ("operating_environment", "operatingEnvironment"),
        ("research", "research"),
        ("development", "development"),
        ("government_strategy", "governmentStrategy"),
        ("commercial", "commercial"),
    ];

    private static readonly Methodology Gaii = MethodologyCatalog.Embedded["gaii-2021"];

    [SharedDataFact(File)]
    public void Gaii2021_RescaledOverThe62_ReproducesEveryTotalWithinRounding()
    {
        var (table, results) = ScoreCohort();

        Assert.Equal(62, results.Length);
        for (int i = 0; i < results.Length; i++)
        {
            var row = table.Rows[i];
            double expected = table.Number(row, "total_score")!.Value;
            var result = results[i];
            Assert.True(result.Rescaled);
            Assert.True(Math.Abs(result.Score!.Value - expected) <= 0.01,
                $"{table.Text(row, "iso3")}: {result.Score} vs published {expected}");
        }
        // Min-max over the cohort: its leader scores exactly 100 and its last exactly 0.
        Assert.Equal(100, results.Max(r => r.Score!.Value), 12);
        Assert.Equal(0, results.Min(r => r.Score!.Value), 12);
    }

    [SharedDataFact(File)]
    public void Gaii2021_CompetitionRanks_MatchAll62PublishedRanks()
    {
        var (table, results) = ScoreCohort();

        var ranks = Ranking.Competition(results.Select(r => r.Score!.Value).ToArray(), out int ranked);

        Assert.Equal(62, ranked);
        for (int i = 0; i < results.Length; i++)
        {
            var row = table.Rows[i];
            int expected = (int)table.Number(row, "rank")!.Value;
            Assert.True(expected == ranks[i], $"{table.Text(row, "iso3")}: rank {ranks[i]}, published {expected}");
        }
    }

    /// <summary>Scores every row once for its raw score, builds the cohort's scale, then scores again with it.</summary>
    private static (CsvTable Table, ScoreResult[] Results) ScoreCohort()
    {
        var table = CsvTable.Read(SharedData.PathOf(File));
        var inputs = table.Rows
            .Select(row => SubPillars.Select(s => KeyValuePair.Create(s.Leaf, table.Number(row, s.Column)!.Value)).ToArray())
            .ToArray();
        var raw = inputs.Select(x => TestScorer.Score(Gaii, x).RawScore).ToArray();
        var cohort = CohortScale.From(raw);
        Assert.NotNull(cohort);
        return (table, inputs.Select(x => TestScorer.Score(Gaii, x, cohort)).ToArray());
    }
}
