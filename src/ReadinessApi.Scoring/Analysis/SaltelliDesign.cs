using ReadinessApi.Scoring.Uncertainty;

namespace ReadinessApi.Scoring.Analysis;

/// <summary>
/// Saltelli's sampling design for first-order and total Sobol indices: two independent N × d matrices A
/// and B of uniforms on [0, 1), and for each factor i the matrix A_B(i), which is A with column i taken
/// from B. The model is run N·(d + 2) times: block 0 is A, block 1 is B, block 2 + i is A_B(i).
/// <para>
/// Row j's 2d numbers come from its own seeded stream (<see cref="DrawRandom"/> at draw j), so any run can
/// be generated on any thread in any order and the design is the same whatever the core count.
/// </para>
/// </summary>
public sealed class SaltelliDesign
{
    public SaltelliDesign(int baseSamples, int factors, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(baseSamples, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(factors, 1);
        BaseSamples = baseSamples;
        Factors = factors;
        Seed = seed;
    }

    /// <summary>N: rows of A and of B.</summary>
    public int BaseSamples { get; }

    /// <summary>d: uncertain factors (columns).</summary>
    public int Factors { get; }

    public long Seed { get; }

    /// <summary>N·(d + 2): model runs the design asks for.</summary>
    public int Runs => BaseSamples * (Factors + 2);

    /// <summary>Fills <paramref name="point"/> (length d) with run <paramref name="run"/>'s factor values, each on [0, 1).</summary>
    public void Point(int run, Span<double> point)
    {
        int block = run / BaseSamples, row = run % BaseSamples, d = Factors;
        var random = new DrawRandom(Seed, row);
        for (int k = 0; k < d; k++)
        {
            double a = random.NextDouble();
            point[k] = block == 1 ? double.NaN : a;
        }
        for (int k = 0; k < d; k++)
        {
            double b = random.NextDouble();
            if (block == 1 || block - 2 == k)
            {
                point[k] = b;
            }
        }
    }
}
