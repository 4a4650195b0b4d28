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
        // A resample is a count per row; its sums are dot products of the counts with per-row terms computed once.
        var terms = new Terms(outputs, n, d);
        var draws = new double[resamples * 2 * d];
        var options = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = maxDegreeOfParallelism };
        Parallel.For(0, resamples, options,
            () => (Counts: new double[n], Point: new double[2 * d]),
            (b, state, buffers) =>
            {
                var random = new Uncertainty.DrawRandom(design.Seed ^ 0x5DEECE66DL, b);
                Array.Clear(buffers.Counts);
                for (int j = 0; j < n; j++)
                {
                    buffers.Counts[random.NextIndex(n)]++;
                }
                terms.Indices(buffers.Counts, buffers.Point);
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

    /// <summary>
    /// Per row, the terms whose count-weighted sums give a resample's indices. Centring on the resample's own
    /// mean c is folded in algebraically: Σ(y_B − c)(y_AB − y_A) = Σ y_B(y_AB − y_A) − c·Σ(y_AB − y_A), and the
    /// pooled variance is Σ(y_A² + y_B²)/2N − c².
    /// </summary>
    private sealed class Terms
    {
        private readonly int _n, _d;
        private readonly double[] _sum, _squares, _product, _difference, _squaredDifference;

        public Terms(double[] y, int n, int d)
        {
            _n = n;
            _d = d;
            _sum = new double[n];
            _squares = new double[n];
            _product = new double[d * n];
            _difference = new double[d * n];
            _squaredDifference = new double[d * n];
            for (int j = 0; j < n; j++)
            {
                double ya = y[j], yb = y[n + j];
                _sum[j] = ya + yb;
                _squares[j] = (ya * ya) + (yb * yb);
                for (int i = 0; i < d; i++)
                {
                    double diff = y[((2 + i) * n) + j] - ya;
                    _product[(i * n) + j] = yb * diff;
                    _difference[(i * n) + j] = diff;
                    _squaredDifference[(i * n) + j] = diff * diff;
                }
            }
        }

        public void Indices(double[] counts, double[] point)
        {
            int n = _n;
            double mean = Dot(counts, _sum, 0, n) / (2 * n);
            double variance = (Dot(counts, _squares, 0, n) / (2 * n)) - (mean * mean);
            bool moved = variance > 1e-24 * Math.Max(1, mean * mean);
            for (int i = 0; i < _d; i++)
            {
                double first = Dot(counts, _product, i * n, n) - (mean * Dot(counts, _difference, i * n, n));
                double total = Dot(counts, _squaredDifference, i * n, n);
                point[2 * i] = moved ? first / n / variance : 0;
                point[(2 * i) + 1] = moved ? total / n / (2 * variance) : 0;
            }
        }

        // Vector lanes, then the tail (System.Numerics.Tensors' Dot would do the same, at the cost of a package).
        private static double Dot(double[] counts, double[] terms, int offset, int n)
        {
            var a = counts.AsSpan(0, n);
            var b = terms.AsSpan(offset, n);
            var acc = System.Numerics.Vector<double>.Zero;
            int width = System.Numerics.Vector<double>.Count, j = 0;
            for (; j <= n - width; j += width)
            {
                acc += new System.Numerics.Vector<double>(a[j..]) * new System.Numerics.Vector<double>(b[j..]);
            }
            double sum = System.Numerics.Vector.Sum(acc);
            for (; j < n; j++)
            {
                sum += a[j] * b[j];
            }
            return sum;
        }
    }

    /// <summary>S_i and S_Ti of every factor, interleaved, over the rows <paramref name="rows"/> (all of them, for the estimate).</summary>
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
