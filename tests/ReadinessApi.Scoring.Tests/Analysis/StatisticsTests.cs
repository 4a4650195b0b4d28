using ReadinessApi.Scoring.Analysis;

namespace ReadinessApi.Scoring.Tests.Analysis;

/// <summary>The audit's statistics against values worked by hand on small tables (the working is in each comment).</summary>
public class StatisticsTests
{
    private const double NaN = double.NaN;

    /// <summary>
    /// x = 1, 2, 3, 4, 10 (and one missing): mean 4, deviations −3 −2 −1 0 6, Σd² = 50, Σd³ = 180, Σd⁴ = 1394.
    /// sd = √(50/4) = 3.5355; g1 = √5·180/50^1.5 = 1.13842, G1 = g1·√20/3 = 1.69706;
    /// r = 5·1394/50² = 2.788, G2 = ((6·(2.788 − 3) + 6)·4)/(3·2) = 3.152 (Excel's KURT gives the same).
    /// </summary>
    [Fact]
    public void Describe_SmallTableWithAMissingValue_MatchesTheHandWorking()
    {
        var d = Statistics.Describe([1, 2, NaN, 3, 4, 10]);

        Assert.Equal(5, d.Count);
        Assert.Equal(4, d.Mean!.Value, 12);
        Assert.Equal(Math.Sqrt(12.5), d.StandardDeviation!.Value, 12);
        Assert.Equal(1, d.Minimum);
        Assert.Equal(10, d.Maximum);
        Assert.Equal(1.697056274847714, d.Skewness!.Value, 9);
        Assert.Equal(3.152, d.Kurtosis!.Value, 9);
        // |1.70| < 2: not an outlier by the JRC rule, though kurtosis is close.
        Assert.False(Statistics.IsOutlying(d));
    }

    /// <summary>
    /// x = 0 ×9, 100: mean 10, d = −10 ×9, 90; Σd² = 9000, Σd³ = 720000, Σd⁴ = 65700000.
    /// g1 = √10·720000/9000^1.5 = 2.6667, G1 = g1·√90/8 = 3.1623; r = 10·65700000/9000² = 8.1111,
    /// G2 = ((11·5.1111 + 6)·9)/(8·7) = 10.0: both beyond the thresholds, an outlier.
    /// </summary>
    [Fact]
    public void IsOutlying_OneExtremeValue_IsFlagged()
    {
        var d = Statistics.Describe([0, 0, 0, 0, 0, 0, 0, 0, 0, 100]);

        Assert.Equal(3.1622776601683795, d.Skewness!.Value, 9);
        Assert.Equal(10.0, d.Kurtosis!.Value, 9);
        Assert.True(Statistics.IsOutlying(d));
    }

    [Fact]
    public void Describe_TooFewValuesOrNoSpread_LeavesTheMomentsNull()
    {
        Assert.Null(Statistics.Describe([1, 2]).Skewness);
        Assert.Null(Statistics.Describe([1, 2, 3]).Kurtosis);
        Assert.Null(Statistics.Describe([5, 5, 5, 5]).Skewness);
        Assert.Equal(0, Statistics.Describe([NaN, NaN]).Count);
    }

    /// <summary>
    /// x = 1..5, y = 2 4 5 4 5 (a sixth pair has x missing, a seventh y missing: both dropped).
    /// Pearson: dx = −2 −1 0 1 2, dy = −2 0 1 0 1, Σdxdy = 6, Σdx² = 10, Σdy² = 6: r = 6/√60 = 0.774597.
    /// Spearman: y's ties 4, 4 share rank 2.5 and 5, 5 share 4.5: ranks 1 2.5 4.5 2.5 4.5, d = −2 −.5 1.5 −.5 1.5,
    /// Σ = 7 against x's ranks, Σd² = 9: rho = 7/√90 = 0.737865.
    /// </summary>
    [Fact]
    public void PearsonAndSpearman_TiesAndMissingValues_MatchTheHandWorking()
    {
        double[] x = [1, 2, 3, 4, 5, NaN, 7];
        double[] y = [2, 4, 5, 4, 5, 3, NaN];

        var r = Statistics.Pearson(x, y);
        var rho = Statistics.Spearman(x, y);

        Assert.Equal(5, r.Count);
        Assert.Equal(6 / Math.Sqrt(60), r.Value!.Value, 12);
        Assert.Equal(5, rho.Count);
        Assert.Equal(7 / Math.Sqrt(90), rho.Value!.Value, 12);
        Assert.Equal([1, 2.5, 4.5, 2.5, 4.5], Statistics.AverageRanks([2, 4, 5, 4, 5]));
    }

    [Fact]
    public void Pearson_NoSpreadOrTooFewPairs_IsNull()
    {
        Assert.Null(Statistics.Pearson([1, 2, 3], [4, 4, 4]).Value);
        Assert.Null(Statistics.Pearson([1, 2, NaN], [1, 2, 3]).Value);
        Assert.Equal(-1, Statistics.Pearson([1, 2, 3], [3, 2, 1]).Value);
    }

    /// <summary>
    /// Items a = 1 2 3 4, b = 2 3 4 5, c = 1 3 2 4: each variance 5/3; the total a + b + c = 4 8 9 13 has variance
    /// 41/3. alpha = 3/2·(1 − 5/(41/3)) = 3/2·26/41 = 39/41.
    /// </summary>
    [Fact]
    public void CronbachAlpha_ThreeItems_MatchesTheHandWorking()
    {
        Assert.Equal(39.0 / 41, Statistics.CronbachAlpha([[1, 2, 3, 4], [2, 3, 4, 5], [1, 3, 2, 4]])!.Value, 12);
    }

    /// <summary>
    /// With a missing value, pairwise: a = 1 2 3 4 ., b = 2 4 6 8 10. var a = 5/3 (4 values), var b = 10 (5 values),
    /// cov(a, b) over the 4 complete pairs = 10/3. Total = 5/3 + 10 + 2·10/3 = 55/3; alpha = 2·(1 − (35/3)/(55/3)) = 8/11.
    /// </summary>
    [Fact]
    public void CronbachAlpha_MissingValue_UsesPairwiseCovariances()
    {
        Assert.Equal(8.0 / 11, Statistics.CronbachAlpha([[1, 2, 3, 4, NaN], [2, 4, 6, 8, 10]])!.Value, 12);
        Assert.Null(Statistics.CronbachAlpha([[1, 2, 3]]));
    }

    [Fact]
    public void CorrelationRatio_LinearAndNonMonotoneRelations()
    {
        var x = Enumerable.Range(0, 41).Select(i => i / 4.0).ToArray();
        // A straight line: the smoother reproduces it exactly, so η² = r² = 1.
        Assert.Equal(1, Statistics.CorrelationRatio(x, [.. x.Select(v => (3 * v) + 1)]).Value!.Value, 9);
        // y = (x − 5)²: Pearson's r is 0 by symmetry, yet x explains nearly all of y; the correlation ratio sees it.
        var y = x.Select(v => (v - 5) * (v - 5)).ToArray();
        Assert.Equal(0, Statistics.Pearson(x, y).Value!.Value, 9);
        Assert.True(Statistics.CorrelationRatio(x, y).Value > 0.9);
        // y unrelated to x (200 seeded uniforms): close to 0.
        var random = new Random(3);
        var wide = Enumerable.Range(0, 200).Select(i => (double)i).ToArray();
        var noise = wide.Select(_ => random.NextDouble()).ToArray();
        Assert.InRange(Statistics.CorrelationRatio(wide, noise).Value!.Value, 0, 0.1);
    }
}
