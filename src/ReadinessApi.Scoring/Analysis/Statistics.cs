namespace ReadinessApi.Scoring.Analysis;

/// <summary>A variable's summary over the members that have a value (NaN: none).</summary>
/// <param name="Skewness">Adjusted Fisher–Pearson G1 (Excel SKEW, e1071 type 2, COINr); null below 3 values or with no spread.</param>
/// <param name="Kurtosis">Excess kurtosis G2 (Excel KURT, e1071 type 2, COINr; a normal distribution has 0); null below 4 values or with no spread.</param>
public sealed record Description(int Count, double? Mean, double? StandardDeviation, double? Minimum, double? Maximum,
    double? Skewness, double? Kurtosis);

/// <summary>A correlation over the members where both variables have a value (pairwise deletion); null below 3 pairs or with no spread.</summary>
public readonly record struct Correlation(double? Value, int Count);

/// <summary>
/// The audit's statistics. Every function skips NaN, which stands for a missing value; functions of two or
/// more variables use the members where the variables involved have values (pairwise deletion).
/// </summary>
public static class Statistics
{
    public static Description Describe(ReadOnlySpan<double> x)
    {
        int n = 0;
        double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (double v in x)
        {
            if (!double.IsNaN(v))
            {
                n++;
                sum += v;
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
        }
        if (n == 0)
        {
            return new Description(0, null, null, null, null, null, null);
        }
        double mean = sum / n, m2 = 0, m3 = 0, m4 = 0;
        foreach (double v in x)
        {
            if (!double.IsNaN(v))
            {
                double e = v - mean, e2 = e * e;
                m2 += e2;
                m3 += e2 * e;
                m4 += e2 * e2;
            }
        }
        double? sd = n > 1 ? Math.Sqrt(m2 / (n - 1)) : null;
        bool spread = m2 > 0;
        double? skew = null, kurt = null;
        if (n >= 3 && spread)
        {
            double g1 = Math.Sqrt(n) * m3 / Math.Pow(m2, 1.5);
            skew = g1 * Math.Sqrt((double)n * (n - 1)) / (n - 2);
        }
        if (n >= 4 && spread)
        {
            double r = n * m4 / (m2 * m2);
            kurt = (((n + 1) * (r - 3)) + 6) * (n - 1) / ((double)(n - 2) * (n - 3));
        }
        return new Description(n, mean, sd, min, max, skew, kurt);
    }

    /// <summary>The JRC/COINr outlier rule: |skewness| &gt; 2 and (excess) kurtosis &gt; 3.5.</summary>
    public static bool IsOutlying(Description d) => d.Skewness is { } s && d.Kurtosis is { } k && Math.Abs(s) > 2 && k > 3.5;

    public static Correlation Pearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        int n = PairMoments(x, y, out double sxx, out double syy, out double sxy);
        return n >= 3 && sxx > 0 && syy > 0 ? new Correlation(Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1, 1), n) : new Correlation(null, n);
    }

    /// <summary>Over the complete pairs: how many, and the sums of squared and cross deviations from their means (two passes).</summary>
    private static int PairMoments(ReadOnlySpan<double> x, ReadOnlySpan<double> y, out double sxx, out double syy, out double sxy)
    {
        double sx = 0, sy = 0;
        int n = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (!double.IsNaN(x[i]) && !double.IsNaN(y[i]))
            {
                sx += x[i];
                sy += y[i];
                n++;
            }
        }
        sxx = syy = sxy = 0;
        if (n == 0)
        {
            return 0;
        }
        double mx = sx / n, my = sy / n;
        for (int i = 0; i < x.Length; i++)
        {
            if (!double.IsNaN(x[i]) && !double.IsNaN(y[i]))
            {
                double dx = x[i] - mx, dy = y[i] - my;
                sxy += dx * dy;
                sxx += dx * dx;
                syy += dy * dy;
            }
        }
        return n;
    }

    /// <summary>Spearman's rho: Pearson's r of the ranks within the complete pairs, ties given their average rank.</summary>
    public static Correlation Spearman(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var keep = new List<int>(x.Length);
        for (int i = 0; i < x.Length; i++)
        {
            if (!double.IsNaN(x[i]) && !double.IsNaN(y[i]))
            {
                keep.Add(i);
            }
        }
        var px = new double[keep.Count];
        var py = new double[keep.Count];
        for (int k = 0; k < keep.Count; k++)
        {
            px[k] = x[keep[k]];
            py[k] = y[keep[k]];
        }
        return Pearson(AverageRanks(px), AverageRanks(py));
    }

    /// <summary>Ranks 1…n in ascending order, tied values sharing the mean of the ranks they span.</summary>
    public static double[] AverageRanks(ReadOnlySpan<double> x)
    {
        var order = Enumerable.Range(0, x.Length).ToArray();
        var keys = x.ToArray();
        Array.Sort(keys, order);
        var ranks = new double[x.Length];
        for (int start = 0; start < keys.Length;)
        {
            int end = start;
            while (end + 1 < keys.Length && keys[end + 1] == keys[start])
            {
                end++;
            }
            double rank = ((start + end) / 2.0) + 1;
            for (int k = start; k <= end; k++)
            {
                ranks[order[k]] = rank;
            }
            start = end + 1;
        }
        return ranks;
    }

    /// <summary>
    /// Cronbach's alpha of k items: k/(k − 1)·(1 − Σ var_i / Σ_ij cov_ij), every variance and covariance over the
    /// members that have both values (pairwise deletion). Null with fewer than 2 items, or a covariance over
    /// fewer than 2 members, or no total variance.
    /// </summary>
    public static double? CronbachAlpha(IReadOnlyList<double[]> items)
    {
        int k = items.Count;
        if (k < 2)
        {
            return null;
        }
        double variances = 0, total = 0;
        for (int a = 0; a < k; a++)
        {
            for (int b = a; b < k; b++)
            {
                if (Covariance(items[a], items[b]) is not { } c)
                {
                    return null;
                }
                total += a == b ? c : 2 * c;
                if (a == b)
                {
                    variances += c;
                }
            }
        }
        return total > 0 ? k / (k - 1.0) * (1 - (variances / total)) : null;
    }

    /// <summary>The sample covariance (n − 1) over the complete pairs; null below 2.</summary>
    public static double? Covariance(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        int n = PairMoments(x, y, out _, out _, out double sxy);
        return n >= 2 ? sxy / (n - 1) : null;
    }

    /// <summary>
    /// The first-order effect of x on y estimated non-parametrically: the correlation ratio
    /// η² = Var(ŷ)/Var(y), where ŷ is a local-linear regression of y on x with a Gaussian kernel and
    /// bandwidth chosen by leave-one-out cross-validation (a grid around Silverman's rule), as Paruolo, Saisana and Saltelli (2013) estimate the
    /// "main effect" of a pillar on an index. Over the complete pairs; null below 5 pairs or with no spread.
    /// Clipped to [0, 1]: a smoother can overshoot on a handful of points.
    /// </summary>
    public static Correlation CorrelationRatio(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var px = new List<double>(x.Length);
        var py = new List<double>(x.Length);
        for (int i = 0; i < x.Length; i++)
        {
            if (!double.IsNaN(x[i]) && !double.IsNaN(y[i]))
            {
                px.Add(x[i]);
                py.Add(y[i]);
            }
        }
        int n = px.Count;
        if (n < 5)
        {
            return new Correlation(null, n);
        }
        double mx = px.Average(), my = py.Average();
        double vx = px.Sum(v => (v - mx) * (v - mx)) / (n - 1);
        double vy = py.Sum(v => (v - my) * (v - my)) / n;
        if (vx <= 0 || vy <= 0)
        {
            return new Correlation(null, n);
        }
        // The bandwidth with the least leave-one-out error, over a grid around Silverman's rule (which alone
        // over-smooths a curved relation: a parabola's η² came out 0.74 instead of nearly 1).
        double silverman = 1.06 * Math.Sqrt(vx) * Math.Pow(n, -0.2), best = silverman, bestError = double.PositiveInfinity;
        for (int g = 0; g < 24; g++)
        {
            double h = silverman * Math.Pow(2, (g - 16) / 4.0);
            double error = 0;
            for (int i = 0; i < n && error < bestError; i++)
            {
                double e = py[i] - LocalLinear(px, py, px[i], h, skip: i);
                error += e * e;
            }
            if (error < bestError)
            {
                bestError = error;
                best = h;
            }
        }
        var fitted = new double[n];
        for (int i = 0; i < n; i++)
        {
            fitted[i] = LocalLinear(px, py, px[i], best, skip: -1);
        }
        double mf = fitted.Average();
        double vf = fitted.Sum(v => (v - mf) * (v - mf)) / n;
        return new Correlation(Math.Clamp(vf / vy, 0, 1), n);
    }

    /// <summary>The local-linear estimate at <paramref name="at"/>: weighted least squares of y on (x − at), Gaussian weights; its intercept.</summary>
    private static double LocalLinear(List<double> x, List<double> y, double at, double h, int skip)
    {
        double s0 = 0, s1 = 0, s2 = 0, t0 = 0, t1 = 0;
        for (int j = 0; j < x.Count; j++)
        {
            if (j == skip)
            {
                continue;
            }
            double dx = x[j] - at, u = dx / h, w = Math.Exp(-0.5 * u * u);
            s0 += w;
            s1 += w * dx;
            s2 += w * dx * dx;
            t0 += w * y[j];
            t1 += w * dx * y[j];
        }
        double det = (s0 * s2) - (s1 * s1);
        // Too few points under the kernel for a slope: the local mean.
        return det > 1e-12 * s0 * s2 && s0 > 1e-300 ? ((s2 * t0) - (s1 * t1)) / det : s0 > 1e-300 ? t0 / s0 : y.Average();
    }
}
