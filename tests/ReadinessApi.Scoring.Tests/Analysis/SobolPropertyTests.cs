using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ReadinessApi.Scoring.Analysis;

namespace ReadinessApi.Scoring.Tests.Analysis;

/// <summary>Laws of the estimators on generated models: sums of powers of the factors with random interactions.</summary>
public sealed class SobolPropertyTests
{
    /// <summary>A model of 3 factors: y = Σ c_i·u_i^p_i + c_12·u_1·u_2 + c_13·u_1·u_3, coefficients from the generator.</summary>
    public sealed record Model(double[] C, int[] P, double C12, double C13, long Seed)
    {
        public double Eval(double[] u) =>
            (C[0] * Math.Pow(u[0], P[0])) + (C[1] * Math.Pow(u[1], P[1])) + (C[2] * Math.Pow(u[2], P[2])) + (C12 * u[0] * u[1]) + (C13 * u[0] * u[2]);
    }

    private static Arbitrary<Model> Models() =>
        (from c in Gen.ArrayOf(Gen.Choose(-50, 50).Select(x => x / 10.0), 3)
         from p in Gen.ArrayOf(Gen.Choose(1, 4), 3)
         from c12 in Gen.Choose(-30, 30).Select(x => x / 10.0)
         from c13 in Gen.Choose(-30, 30).Select(x => x / 10.0)
         from seed in Gen.Choose(0, 10_000)
         where Math.Abs(c[0]) + Math.Abs(c[1]) + Math.Abs(c[2]) > 0.5
         select new Model(c, p, c12, c13, seed)).ToArbitrary();

    [Property(MaxTest = 40)]
    public Property Estimate_AFactorThatChangesNothing_HasTotalIndexZero() =>
        Prop.ForAll(Models(), model =>
        {
            // A fourth factor the model ignores.
            var indices = SobolEstimator.Run(u => model.Eval(u), factors: 4, baseSamples: 300, resamples: 50, seed: model.Seed);

            Assert.Equal(0, indices[3].Total);
            Assert.Equal(0, indices[3].TotalLow);
            Assert.Equal(0, indices[3].TotalHigh);
            Assert.True(Math.Abs(indices[3].First) < 0.1, $"S4 = {indices[3].First}");
        });

    [Property(MaxTest = 40)]
    public Property Estimate_FirstOrderNeverExceedsTotal_UpToNoise() =>
        Prop.ForAll(Models(), model =>
        {
            var indices = SobolEstimator.Run(model.Eval, factors: 3, baseSamples: 4000, resamples: 50, seed: model.Seed);

            foreach (var i in indices)
            {
                // Estimator noise at N = 4,000: 0.05.
                Assert.True(i.First <= i.Total + 0.05, $"S = {i.First} > ST = {i.Total}");
            }
        });

    [Property(MaxTest = 40)]
    public Property Estimate_OneUncertainFactor_FirstAndTotalAreOne() =>
        Prop.ForAll(Models(), model =>
        {
            double F(double u) => model.Eval([u, 0.5, 0.5]);
            var indices = SobolEstimator.Run(u => F(u[0]), factors: 1, baseSamples: 4000, resamples: 50, seed: model.Seed);
            // A polynomial of degree ≤ 4 of the form c·u^p + k·u that agrees at 0, ½ and 1 is constant: nothing varies.
            if (F(0) == F(0.5) && F(0.5) == F(1))
            {
                Assert.Equal(0, indices[0].Total);
                return;
            }
            // Estimator noise at N = 4,000 for outputs as skewed as u⁴: 0.1.
            Assert.True(Math.Abs(indices[0].First - 1) < 0.1, $"S = {indices[0].First}");
            Assert.True(Math.Abs(indices[0].Total - 1) < 0.1, $"ST = {indices[0].Total}");
        });
}
