using ReadinessApi.Scoring.Analysis;
using ReadinessApi.Scoring.Audit;
using ReadinessApi.Scoring.Tests.Support;

namespace ReadinessApi.Scoring.Tests.Audit;

public class IndexAuditTests
{
    private const double NaN = double.NaN;

    // Flat, arithmetic, equal weights, goalposts 0–100: a leaf's value is its input, the index the mean of what is there.
    private static readonly Methodology Flat = Tiny.Flat(Aggregation.Arithmetic, [1, 1, 1, 1], minCoverage: 0.5);
    private static readonly string[] Countries = ["AAA", "BBB", "CCC", "DDD", "EEE", "FFF", "GGG", "HHH"];

    /// <summary>a rises; b is a copy of a (redundant); c falls as a rises (pulls against the index); d is nearly flat, with one gap.</summary>
    private static double[][] Rows() =>
    [
        .. new (double A, double B, double C, double D)[]
        {
            (10, 10, 95, 50), (20, 20, 80, 51), (30, 30, 85, 50), (40, 40, 60, NaN),
            (50, 50, 55, 50), (60, 60, 40, 51), (70, 70, 30, 50), (90, 90, 5, 51),
        }.Select(r => new[] { NaN, r.A, r.B, r.C, r.D }),
    ];

    [Fact]
    public void Run_Indicators_DescribeTheRawInputsAndNameTheMissing()
    {
        var audit = IndexAudit.Run(Flat, Rows(), Countries);

        var d = audit.Indicators.Single(i => i.Node == "d");
        Assert.Equal(7, d.Count);
        Assert.Equal(7.0 / 8, d.Coverage);
        Assert.Equal(["DDD"], d.Missing);
        Assert.Equal(50, d.Minimum);
        Assert.Equal(51, d.Maximum);
        var a = audit.Indicators.Single(i => i.Node == "a");
        Assert.Equal(46.25, a.Mean!.Value, 12);
        Assert.Equal(Statistics.Describe([10, 20, 30, 40, 50, 60, 70, 90]), new Description(a.Count, a.Mean, a.StandardDeviation, a.Minimum, a.Maximum, a.Skewness, a.Kurtosis));
        Assert.DoesNotContain(audit.Indicators, i => i.Node == "root");
    }

    [Fact]
    public void Run_Correlations_ArePairwiseAndNameWhoIsLeftOut()
    {
        var audit = IndexAudit.Run(Flat, Rows(), Countries);

        var root = Assert.Single(audit.Nodes);
        Assert.Equal("root", root.Node);
        var a = root.Children.Single(c => c.Node == "a");
        Assert.Equal(1, a.WithSiblings.Single(s => s.Sibling == "b").Correlation.Pearson!.Value, 12);
        // a against c: the ranks are exactly reversed except for one swapped pair (c = 80, 85), Spearman by hand:
        // d² = (1−7)²… Σ over ranks of c (8 7 6 5 4 3 2 1 with 2 and 3 swapped) gives rho = 1 − 6·Σd²/(n(n²−1)).
        var ac = a.WithSiblings.Single(s => s.Sibling == "c").Correlation;
        double sumD2 = new[] { 1.0, 2, 3, 4, 5, 6, 7, 8 }.Zip(new[] { 8.0, 6, 7, 5, 4, 3, 2, 1 }, (x, y) => (x - y) * (x - y)).Sum();
        Assert.Equal(-(1 - (6 * sumD2 / (8 * 63))), -ac.Spearman!.Value, 12);
        var ad = a.WithSiblings.Single(s => s.Sibling == "d").Correlation;
        Assert.Equal(7, ad.Count);
        Assert.Equal(["DDD"], ad.Missing);
        Assert.Equal(8, a.WithParent.Count);
        Assert.Equal(a.WithParent, a.WithIndex);
    }

    [Fact]
    public void Run_Flags_NegativeRedundantAndImportanceAgainstWeight()
    {
        var audit = IndexAudit.Run(Flat, Rows(), Countries);

        Assert.Contains(audit.Flags, f => f is { Kind: "redundant", Node: "a", Other: "b" });
        Assert.DoesNotContain(audit.Flags, f => f is { Kind: "redundant", Node: "b", Other: "a" });
        Assert.Contains(audit.Flags, f => f is { Kind: "negativeWithParent", Node: "c", Other: "root" });
        // d barely moves: its weight share is a quarter, its share of the index's variance far less.
        var d = audit.Importance.Single(i => i.Node == "d");
        Assert.Equal(0.25, d.WeightShare, 12);
        Assert.True(d.Flagged && d.Ratio < 0.5, $"ratio {d.Ratio}");
        Assert.Contains(audit.Flags, f => f is { Kind: "importanceBelowWeight", Node: "d" });
        Assert.Equal(1, audit.Importance.Sum(i => i.ImportanceShare!.Value), 12);
        Assert.All(audit.Importance, i => Assert.Equal("pillar", i.Level));
    }

    [Fact]
    public void Run_CronbachAndHeatmap_OverTheChildrensValues()
    {
        var m = Tiny.TwoLevel();
        var rows = Uncertainty.SyntheticCohort.Create(m, 30, seed: 1, missingShare: 0.1);
        var countries = Enumerable.Range(0, 30).Select(i => $"X{(char)('A' + (i / 26))}{(char)('A' + (i % 26))}").ToArray();

        var audit = IndexAudit.Run(m, rows, countries);

        var pillarB = audit.Nodes.Single(n => n.Node == "pillarB");
        var values = new double[2][];
        values[0] = new double[30];
        values[1] = new double[30];
        for (int k = 0; k < 30; k++)
        {
            var score = Scorer.Score(m, rows[k]);
            values[0][k] = score.Nodes[m["b1"].Index] is { HasValue: true } b1 ? b1.Normalized : NaN;
            values[1][k] = score.Nodes[m["b2"].Index] is { HasValue: true } b2 ? b2.Normalized : NaN;
        }
        Assert.Equal(Statistics.CronbachAlpha(values), pillarB.CronbachAlpha);
        Assert.Equal("root", audit.Correlations.Nodes[0]);
        Assert.Equal(m.Count, audit.Correlations.Nodes.Count);
        Assert.All(Enumerable.Range(0, m.Count), i => Assert.Equal(1.0, audit.Correlations.Pearson[i][i]));
        Assert.Equal(["pillar", "pillar", "pillar", "subPillar", "subPillar", "subPillar", "subPillar", "subPillar", "subPillar"],
            audit.Importance.Select(i => i.Level));
    }
}
