namespace ReadinessApi.Scoring.Analysis;

/// <summary>
/// First-order and total Sobol indices from the outputs of a <see cref="SaltelliDesign"/>, with V the
/// variance of A's and B's outputs pooled (as COINr's <c>SA_estimate</c>), and the outputs centred on their
/// pooled mean first (as SALib does): the first-order estimator's error grows with the mean, not with the spread.
/// S_i = mean(y_B·(y_AB(i) − y_A)) / V (Saltelli et al. 2010, table 2 (b)) and
/// S_Ti = mean((y_A − y_AB(i))²) / (2V) (Jansen 1999). Intervals resample the N rows with replacement;
/// no further model runs are needed.
/// </summary>
public static class SobolEstimator
{
    /// <param name="y">Outputs in the design's run order (block 0 A, block 1 B, block 2 + i A_B(i)).</param>
    /// <param name="design">The design that produced <paramref name="y"/>.</param>
    /// <param name="resamples">Bootstrap resamples for the intervals (≥ 1).</param>
    /// <param name="variance">V, the pooled variance of y_A and y_B: 0 means nothing moved the output, and every index is 0.</param>
    /// <param name="maxDegreeOfParallelism">Threads for the resamples (−1: one per core); the result does not depend on it.</param>
    public static SobolIndex[] Estimate(ReadOnlySpan<double> y, SaltelliDesign design, int resamples, out double variance,
        CancellationToken cancellationToken = default, int maxDegreeOfParallelism = -1)
    {
        int n = design.BaseSamples, d = design.Factors;
        if (y.Length != design.Runs)
        {
            throw new ArgumentException($"Expected {design.Runs} outputs, got {y.Length}.", nameof(y));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        var outputs = y.ToArray();
        var point = new double[2 * d];
        var identity = Enumerable.Range(0, n).ToArray();
        Indices(outputs, n, d, identity, point, out variance);
        var estimate = (double[])point.Clone();

        // Each resample has its own stream, so the intervals do not depend on how the resamples are spread over threads.
        var draws = new double[resamples * 2 * d];
        var options = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = maxDegreeOfParallelism };
        Parallel.For(0, resamples, options,
            () => (Rows: new int[n], Point: new double[2 * d]),
            (b, state, buffers) =>
            {
                var random = new Uncertainty.DrawRandom(design.Seed ^ 0x5DEECE66DL, b);
                for (int j = 0; j < n; j++)
                {
                    buffers.Rows[j] = random.NextIndex(n);
                }
                Indices(outputs, n, d, buffers.Rows, buffers.Point, out _);
                buffers.Point.CopyTo(draws, b * 2 * d);
                return buffers;
            },
            _ => { });

        var result = new SobolIndex[d];
        var column = new double[resamples];
        for (int i = 0; i < d; i++)
        {
            var (firstLow, firstHigh) = Interval(draws, 2 * d, 2 * i, column);
            var (totalLow, totalHigh) = Interval(draws, 2 * d, (2 * i) + 1, column);
            result[i] = new SobolIndex(estimate[2 * i], firstLow, firstHigh, estimate[(2 * i) + 1], totalLow, totalHigh);
        }
        return result;
    }

    /// <summary>S_i and S_Ti of every factor, interleaved, over the rows <paramref name="rows"/> (a resample or all).</summary>
    private static void Indices(double[] y, int n, int d, int[] rows, double[] point, out double variance)
    {
        // Pooled variance of y_A and y_B over the chosen rows (two passes: the mean, then the squares).
        double sum = 0;
        foreach (int j in rows)
        {
            sum += y[j] + y[n + j];
        }
        double mean = sum / (2 * rows.Length), squares = 0;
        foreach (int j in rows)
        {
            double a = y[j] - mean, b = y[n + j] - mean;
            squares += (a * a) + (b * b);
        }
        variance = squares / (2 * rows.Length);
        for (int i = 0; i < d; i++)
        {
            int ab = (2 + i) * n;
            double first = 0, total = 0;
            foreach (int j in rows)
            {
                double ya = y[j] - mean, yb = y[n + j] - mean, yab = y[ab + j] - mean;
                first += yb * (yab - ya);
                total += (ya - yab) * (ya - yab);
            }
            // Relative to the spread of the outputs: below it, nothing moved and the indices are 0, not noise over noise.
            bool moved = variance > 1e-24 * Math.Max(1, mean * mean);
            point[2 * i] = moved ? first / rows.Length / variance : 0;
            point[(2 * i) + 1] = moved ? total / rows.Length / (2 * variance) : 0;
        }
    }

    /// <summary>The 2.5th and 97.5th percentiles (linear interpolation between order statistics) of one column of the resamples.</summary>
    private static (double Low, double High) Interval(double[] draws, int stride, int offset, double[] column)
    {
        for (int b = 0; b < column.Length; b++)
        {
            column[b] = draws[(b * stride) + offset];
        }
        Array.Sort(column);
        return (Quantile(column, 0.025), Quantile(column, 0.975));
    }

    internal static double Quantile(double[] sorted, double p)
    {
        double h = (sorted.Length - 1) * p;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }

    /// <summary>Runs <paramref name="model"/> over the whole design and estimates the indices: for models given as a function of uniforms.</summary>
    public static SobolIndex[] Run(Func<double[], double> model, int factors, int baseSamples, int resamples, long seed)
    {
        var design = new SaltelliDesign(baseSamples, factors, seed);
        var y = new double[design.Runs];
        var point = new double[factors];
        for (int run = 0; run < y.Length; run++)
        {
            design.Point(run, point);
            y[run] = model(point);
        }
        return Estimate(y, design, resamples, out _);
    }
}
