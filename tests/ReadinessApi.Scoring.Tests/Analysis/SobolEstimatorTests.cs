using ReadinessApi.Scoring.Analysis;

namespace ReadinessApi.Scoring.Tests.Analysis;

/// <summary>The estimators against functions whose Sobol indices are known in closed form.</summary>
public class SobolEstimatorTests
{
    /// <summary>
    /// Ishigami (a = 7, b = 0.1, x uniform on [−π, π]³): V = a²/8 + bπ⁴/5 + b²π⁸/18 + 1/2,
    /// V1 = (1 + bπ⁴/5)²/2, V2 = a²/8, V3 = 0, V13 = b²π⁸(1/18 − 1/50); S_Ti adds V13 to V1 and V3.
    /// </summary>
    [Fact]
    public void Estimate_Ishigami_MatchesTheAnalyticIndicesAtN20000()
    {
        const double a = 7, b = 0.1;
        double pi4 = Math.Pow(Math.PI, 4), pi8 = pi4 * pi4;
        double v = (a * a / 8) + (b * pi4 / 5) + (b * b * pi8 / 18) + 0.5;
        double v1 = 0.5 * Math.Pow(1 + (b * pi4 / 5), 2), v2 = a * a / 8, v13 = b * b * pi8 * ((1.0 / 18) - (1.0 / 50));
        double[] first = [v1 / v, v2 / v, 0];
        double[] total = [(v1 + v13) / v, v2 / v, v13 / v];
        // 0.3139, 0.4424, 0 and 0.5576, 0.4424, 0.2437: the values every Sobol paper quotes.
        Assert.Equal(0.3139, first[0], 4);
        Assert.Equal(0.2437, total[2], 4);

        var indices = SobolEstimator.Run(u =>
        {
            double x1 = Math.PI * ((2 * u[0]) - 1), x2 = Math.PI * ((2 * u[1]) - 1), x3 = Math.PI * ((2 * u[2]) - 1);
            return Math.Sin(x1) + (a * Math.Pow(Math.Sin(x2), 2)) + (b * Math.Pow(x3, 4) * Math.Sin(x1));
        }, factors: 3, baseSamples: 20_000, resamples: 200, seed: 11);

        for (int i = 0; i < 3; i++)
        {
            // Stated tolerance at N = 20,000 plain Monte Carlo: 0.03 (the bootstrap intervals are ±0.01–0.03 wide).
            Assert.True(Math.Abs(indices[i].First - first[i]) < 0.03, $"S{i + 1} = {indices[i].First}, analytic {first[i]}");
            Assert.True(Math.Abs(indices[i].Total - total[i]) < 0.03, $"ST{i + 1} = {indices[i].Total}, analytic {total[i]}");
            Assert.InRange(first[i], indices[i].FirstLow - 0.01, indices[i].FirstHigh + 0.01);
            Assert.InRange(total[i], indices[i].TotalLow - 0.01, indices[i].TotalHigh + 0.01);
        }
    }

    /// <summary>y = Σ a_i·x_i with x_i independent uniforms: no interactions, so S_i = S_Ti = a_i²/Σ a_j².</summary>
    [Fact]
    public void Estimate_LinearModel_MatchesTheClosedFormAtN10000()
    {
        double[] a = [1, 2, 3, 0];
        double sum = a.Sum(x => x * x);

        var indices = SobolEstimator.Run(u => (a[0] * u[0]) + (a[1] * u[1]) + (a[2] * u[2]) + (a[3] * u[3]),
            factors: 4, baseSamples: 10_000, resamples: 300, seed: 5);

        for (int i = 0; i < a.Length; i++)
        {
            double expected = a[i] * a[i] / sum;
            // Stated tolerance at N = 10,000: 0.02.
            Assert.True(Math.Abs(indices[i].First - expected) < 0.02, $"S{i + 1} = {indices[i].First}, expected {expected}");
            Assert.True(Math.Abs(indices[i].Total - expected) < 0.02, $"ST{i + 1} = {indices[i].Total}, expected {expected}");
            Assert.True(indices[i].FirstLow <= indices[i].First && indices[i].First <= indices[i].FirstHigh);
            Assert.True(indices[i].TotalLow <= indices[i].Total && indices[i].Total <= indices[i].TotalHigh);
        }
        // A coefficient of 0: the factor changes nothing, and its total index is exactly 0 with a 0-wide interval.
        Assert.Equal(0, indices[3].Total);
        Assert.Equal(0, indices[3].TotalHigh);
    }

    [Fact]
    public void Estimate_ConstantModel_EveryIndexIsZero()
    {
        var indices = SobolEstimator.Run(_ => 4.2, factors: 2, baseSamples: 100, resamples: 50, seed: 1);

        Assert.All(indices, i => Assert.Equal(new SobolIndex(0, 0, 0, 0, 0, 0), i));
    }

    [Fact]
    public void Design_EveryABiRowIsARowOfAWithOneColumnFromB()
    {
        var design = new SaltelliDesign(50, 3, seed: 9);
        var a = new double[3];
        var b = new double[3];
        var ab = new double[3];
        for (int j = 0; j < 50; j++)
        {
            design.Point(j, a);
            design.Point(50 + j, b);
            for (int i = 0; i < 3; i++)
            {
                design.Point(((2 + i) * 50) + j, ab);
                for (int k = 0; k < 3; k++)
                {
                    Assert.Equal(k == i ? b[k] : a[k], ab[k]);
                }
            }
            Assert.All(a.Concat(b), x => Assert.InRange(x, 0, 1));
            Assert.NotEqual(a, b);
        }
    }
}
