using ReadinessApi.Scoring.Tests.Support;

namespace ReadinessApi.Scoring.Tests.Golden;

/// <summary>
/// imf-aipi-2023 against the IMF's published table (shared/data/imf_aipi_2023.csv, never committed):
/// the index is the sum of four dimensions published on 0–0.25, so the methodology must give it back to
/// floating-point precision, and the competition ranks must be the published ones.
/// </summary>
public sealed class ImfAipi2023ReproductionTests
{
    private const string File = "imf_aipi_2023.csv";

    // CSV column → leaf id of the methodology.
    private static readonly (string Column, string Leaf)[] Dimensions =
    [
        ("digital_infrastructure", "digitalInfrastructure"),
        ("human_capital_labor_market_policies", "humanCapital"),
        ("innovation_economic_integration", "innovationIntegration"),
        ("regulation_ethics", "regulationEthics"),
    ];

    private static readonly Methodology Imf = MethodologyCatalog.Embedded["imf-aipi-2023"];

    [SharedDataFact(File)]
    public void ImfAipi2023_PublishedDimensions_ReproduceAll165IndexValues()
    {
        var (table, rows) = ScoreTable();

        int published = 0;
        double worst = 0;
        foreach (var (row, result) in rows)
        {
            string iso3 = table.Text(row, "iso3");
            if (table.Number(row, "ai_pi") is { } expected)
            {
                published++;
                Assert.True(result.Score.HasValue, $"{iso3}: no score, but the IMF publishes {expected}");
                worst = Math.Max(worst, Math.Abs(result.Score.Value - expected));
                Assert.True(Math.Abs(result.Score.Value - expected) <= 1e-12, $"{iso3}: {result.Score} vs published {expected}");
            }
            else
            {
                // The IMF publishes no index for an economy that lacks a dimension; minCoverage 1 does the same.
                Assert.Null(result.Score);
                Assert.Equal(NodeFlags.BelowCoverage, result.Nodes[0].Flags);
                Assert.Equal(0.75, result.Coverage, 12);
            }
        }
        Assert.Equal(165, published);
        Assert.Equal(174, rows.Count);
    }

    [SharedDataFact(File)]
    public void ImfAipi2023_CompetitionRanks_MatchAll165PublishedRanks()
    {
        var (table, rows) = ScoreTable();
        var scores = rows.Select(r => r.Result.Score ?? double.NaN).ToArray();

        var ranks = Ranking.Competition(scores, out int ranked);

        Assert.Equal(165, ranked);
        for (int i = 0; i < rows.Count; i++)
        {
            var row = rows[i].Row;
            // Unranked rows (no index) get rank 0 and have an empty published rank.
            int expected = table.Number(row, "rank") is { } r ? (int)r : 0;
            Assert.True(expected == ranks[i], $"{table.Text(row, "iso3")}: rank {ranks[i]}, published {expected}");
        }
    }

    private static (CsvTable Table, List<(string[] Row, ScoreResult Result)> Rows) ScoreTable()
    {
        var table = CsvTable.Read(SharedData.PathOf(File));
        var rows = new List<(string[], ScoreResult)>();
        foreach (var row in table.Rows)
        {
            var inputs = new List<KeyValuePair<string, double>>();
            foreach (var (column, leaf) in Dimensions)
            {
                if (table.Number(row, column) is { } x)
                {
                    inputs.Add(KeyValuePair.Create(leaf, x));
                }
            }
            rows.Add((row, TestScorer.Score(Imf, inputs)));
        }
        return (table, rows);
    }
}
