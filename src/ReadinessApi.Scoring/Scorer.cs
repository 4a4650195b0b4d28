namespace ReadinessApi.Scoring;

/// <summary>
/// Scores one row of inputs against a methodology and explains the result. Inputs are a span indexed by
/// node (NaN = no value), bound from ids by <see cref="InputBinder"/>. Apart from the result itself the
/// scoring path allocates nothing: working storage lives on the stack.
/// </summary>
public static class Scorer
{
    private const int StackLimit = 256;

    public static ScoreResult Score(Methodology m, ReadOnlySpan<double> inputs, CohortScale? cohort = null) =>
        Score(m, inputs, cohort, null);

    /// <summary>
    /// Scores once when the cohort scale depends on the score itself (placing a country among a cohort
    /// rescales over the cohort with it): <paramref name="scaleFor"/> gets the raw 0–100 aggregate and
    /// answers the scale to publish it with, so the aggregation pass and the explanation run once.
    /// </summary>
    public static ScoreResult Score(Methodology m, ReadOnlySpan<double> inputs, Func<double, CohortScale?> scaleFor) =>
        Score(m, inputs, null, scaleFor);

    private static ScoreResult Score(Methodology m, ReadOnlySpan<double> inputs, CohortScale? fixedScale, Func<double, CohortScale?>? scaleFor)
    {
        int n = m.Count;
        var nodes = new NodeScore[n];
        var result = new ScoreResult(m, nodes);
        Span<double> value = n <= StackLimit ? stackalloc double[n] : new double[n];
        Span<double> coverage = n <= StackLimit ? stackalloc double[n] : new double[n];
        Span<NodeFlags> flags = n <= StackLimit ? stackalloc NodeFlags[n] : new NodeFlags[n];
        double raw = Evaluate(m, inputs, m.Weight, null, value, coverage, flags);

        for (int i = 0; i < n; i++)
        {
            ref var node = ref nodes[i];
            int p = m.Parent[i];
            if (p >= 0 && (nodes[p].Flags & (NodeFlags.Superseded | NodeFlags.Given)) != 0)
            {
                node = new NodeScore { Value = double.NaN, Normalized = double.NaN, Weight = m.NormalizedWeight[i], Flags = NodeFlags.Superseded };
                continue;
            }
            bool givenLeaf = (flags[i] & NodeFlags.Given) != 0 && m.ChildStart[i] == m.ChildEnd[i];
            node.Value = givenLeaf ? inputs[i] : value[i];
            node.Normalized = value[i];
            node.Coverage = coverage[i];
            node.Flags = flags[i];
            node.Weight = m.NormalizedWeight[i];
        }

        result.RawScore = raw;
        result.Missing = CoverageReport.Missing(m, flags);
        if (double.IsNaN(raw))
        {
            return result;
        }

        var cohort = scaleFor is null ? fixedScale : scaleFor(raw);
        result.Rescaled = cohort is not null && m.Rescale != RescaleRule.None;
        double published = m.Publish(raw, cohort);
        result.Score = published;
        result.TierIndex = m.TierIndex(published);
        nodes[0].EffectiveWeight = 1;
        nodes[0].Contribution = published;
        Explain(m, nodes);
        FindBottleneck(m, nodes, result, cohort);
        return result;
    }

    /// <summary>
    /// The aggregation pass alone: fills each node's 0–100 value (NaN: none), coverage and flags, and
    /// returns the root's value. <paramref name="weights"/> are raw sibling-relative weights by node, so
    /// uncertainty draws can perturb them without building a methodology; <paramref name="rootRule"/>
    /// optionally replaces the rule that combines the pillars.
    /// </summary>
    public static double Evaluate(Methodology m, ReadOnlySpan<double> inputs, ReadOnlySpan<double> weights,
        AggregationRule? rootRule, Span<double> value, Span<double> coverage, Span<NodeFlags> flags)
    {
        int width = m.MaxChildren;
        Span<double> w = width <= StackLimit ? stackalloc double[width] : new double[width];
        Span<double> v = width <= StackLimit ? stackalloc double[width] : new double[width];
        double minCoverage = m.MinCoverage - 1e-12;
        for (int i = m.Count - 1; i >= 0; i--)
        {
            double x = inputs[i];
            int start = m.ChildStart[i], end = m.ChildEnd[i];
            if (!double.IsNaN(x))
            {
                flags[i] = NodeFlags.Given;
                coverage[i] = 1;
                value[i] = start == end ? Normalise(m, i, x, ref flags[i]) : x;
                continue;
            }
            if (start == end)
            {
                flags[i] = NodeFlags.Missing;
                coverage[i] = 0;
                value[i] = double.NaN;
                continue;
            }
            double all = 0, available = 0, covered = 0;
            int k = 0;
            for (int j = start; j < end; j++)
            {
                int c = m.ChildList[j];
                double wc = weights[c];
                all += wc;
                if (!double.IsNaN(value[c]))
                {
                    available += wc;
                    covered += wc * coverage[c];
                    w[k] = wc;
                    v[k++] = value[c];
                }
            }
            double cov = all > 0 ? covered / all : 0;
            coverage[i] = cov;
            if (available <= 0 || cov < minCoverage)
            {
                value[i] = double.NaN;
                flags[i] = cov > 0 ? NodeFlags.BelowCoverage : NodeFlags.Missing;
                continue;
            }
            flags[i] = NodeFlags.None;
            var rule = i == 0 && rootRule is { } r ? r : m.Rule[i];
            value[i] = Aggregate(rule, m.Exponent[i], m.GeometricFloor, w[..k], v[..k]);
        }
        return value[0];
    }

    /// <summary>The leaf's optional log transform, ln(x + offset) (−∞ at or below −offset); the identity otherwise.</summary>
    internal static double Transform(Methodology m, int leaf, double x)
    {
        if (!m.Log[leaf])
        {
            return x;
        }
        double shifted = x + m.LogOffset[leaf];
        return shifted > 0 ? Math.Log(shifted) : double.NegativeInfinity;
    }

    /// <summary>Goalposts, direction and optional log: a raw leaf value onto 0–100.</summary>
    public static double Normalise(Methodology m, int leaf, double x, ref NodeFlags flags)
    {
        x = Transform(m, leaf, x);
        double lower = m.Lower[leaf], upper = m.Upper[leaf];
        double t = (x - lower) / (upper - lower);
        if (t < 0 || t > 1)
        {
            flags |= NodeFlags.Clamped;
            t = t < 0 ? 0 : 1;
        }
        double score = t * 100;
        return m.Reverse[leaf] ? 100 - score : score;
    }

    /// <summary>One aggregation rule over dense weights and values (weights need not sum to 1).</summary>
    public static double Aggregate(AggregationRule rule, double exponent, double floor, ReadOnlySpan<double> w, ReadOnlySpan<double> v)
    {
        if (rule == AggregationRule.Minimum)
        {
            double min = double.PositiveInfinity;
            for (int i = 0; i < w.Length; i++)
            {
                if (w[i] > 0 && v[i] < min)
                {
                    min = v[i];
                }
            }
            return double.IsPositiveInfinity(min) ? double.NaN : min;
        }
        // Every mean lies between its smallest and largest (floored) input, but rounding in Σw, exp/log and
        // pow can push the computed value an ulp outside: exp(ln 100) is 100.00000000000004. Each mean is
        // clamped back into [lo, hi], so that equal inputs give exactly that value and a perfect score is
        // exactly the top of the scale, never 100 + ε.
        double sw = 0, acc = 0;
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        if (rule == AggregationRule.Arithmetic)
        {
            // The common case, on every node of most methodologies: kept free of the generator's branches.
            for (int i = 0; i < w.Length; i++)
            {
                sw += w[i];
                acc += w[i] * v[i];
                Widen(v[i], ref lo, ref hi);
            }
            return Within(acc / sw, lo, hi);
        }
        for (int i = 0; i < w.Length; i++)
        {
            double x = Floored(rule, exponent, floor, v[i]);
            sw += w[i];
            acc += w[i] * Generator(rule, exponent, x);
            Widen(x, ref lo, ref hi);
        }
        return Within(InverseGenerator(rule, exponent, acc / sw), lo, hi);
    }

    // The geometric and generalised means are quasi-arithmetic means, M = φ⁻¹(Σ w·φ(x) / Σ w), with the
    // generator φ(x) = ln x or x^p. Aggregate and the Shapley coalitions share these definitions.

    /// <summary>The value a mean works with: lifted to the floor where φ would be −∞ or divide by zero at 0 (ln, p &lt; 0).</summary>
    private static double Floored(AggregationRule rule, double exponent, double floor, double x) =>
        rule == AggregationRule.Geometric || (rule == AggregationRule.GeneralisedMean && exponent < 0) ? Math.Max(x, floor) : x;

    private static double Generator(AggregationRule rule, double exponent, double x) => rule switch
    {
        AggregationRule.Geometric => Math.Log(x),
        AggregationRule.GeneralisedMean => Math.Pow(x, exponent),
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, null),
    };

    private static double InverseGenerator(AggregationRule rule, double exponent, double y) => rule switch
    {
        AggregationRule.Geometric => Math.Exp(y),
        AggregationRule.GeneralisedMean => Math.Pow(y, 1 / exponent),
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, null),
    };

    private static void Widen(double x, ref double lo, ref double hi)
    {
        if (x < lo)
        {
            lo = x;
        }
        if (x > hi)
        {
            hi = x;
        }
    }

    /// <summary>Clamps without Math.Clamp's throw on an empty range; NaN (no inputs) stays NaN.</summary>
    private static double Within(double x, double lo, double hi) => x < lo ? lo : x > hi ? hi : x;

    /// <summary>
    /// Effective weights and contributions, top-down. Each inner node's contribution is split among its
    /// children in proportion to their exact shares of the node's value: w·I for arithmetic nodes; for the
    /// other rules Shapley values over the children with the lower goalpost (0) as the absent value, plus
    /// the all-absent value (the floor under a geometric mean) shared by weight, so shares sum to the value.
    /// </summary>
    private static void Explain(Methodology m, NodeScore[] nodes)
    {
        int width = m.MaxChildren;
        Span<double> w = width <= StackLimit ? stackalloc double[width] : new double[width];
        Span<double> v = width <= StackLimit ? stackalloc double[width] : new double[width];
        Span<double> share = width <= StackLimit ? stackalloc double[width] : new double[width];
        Span<int> idx = width <= StackLimit ? stackalloc int[width] : new int[width];
        for (int i = 0, n = m.Count; i < n; i++)
        {
            ref var node = ref nodes[i];
            int start = m.ChildStart[i], end = m.ChildEnd[i];
            if (start == end || !node.HasValue || (node.Flags & NodeFlags.Given) != 0)
            {
                continue;
            }
            double available = 0;
            int k = 0;
            for (int j = start; j < end; j++)
            {
                int c = m.ChildList[j];
                if (nodes[c].HasValue)
                {
                    available += m.Weight[c];
                    w[k] = m.Weight[c];
                    v[k] = nodes[c].Normalized;
                    idx[k++] = c;
                }
            }
            Shares(m.Rule[i], m.Exponent[i], m.GeometricFloor, w[..k], v[..k], share[..k]);
            double total = node.Normalized;
            for (int j = 0; j < k; j++)
            {
                ref var child = ref nodes[idx[j]];
                child.EffectiveWeight = node.EffectiveWeight * w[j] / available;
                // A node valued 0 (all children at their lower goalposts) still splits by weight.
                child.Contribution = total > 0
                    ? node.Contribution * share[j] / total
                    : node.Contribution * w[j] / available;
            }
        }
    }

    /// <summary>Each child's exact share of the aggregate; the shares sum to the aggregate.</summary>
    public static void Shares(AggregationRule rule, double exponent, double floor, ReadOnlySpan<double> w, ReadOnlySpan<double> v, Span<double> share)
    {
        int k = w.Length;
        double sw = 0;
        for (int j = 0; j < k; j++)
        {
            sw += w[j];
        }
        if (rule == AggregationRule.Arithmetic)
        {
            for (int j = 0; j < k; j++)
            {
                share[j] = w[j] * v[j] / sw;
            }
            return;
        }
        int coalitions = 1 << k;
        Span<double> f = stackalloc double[coalitions];
        CoalitionValues(rule, exponent, floor, sw, w, v, f);
        // coefficient[s] = s!(k−s−1)!/k!, the Shapley weight of a coalition of size s.
        Span<double> coefficient = stackalloc double[k];
        for (int s = 0; s < k; s++)
        {
            coefficient[s] = 1.0 / (k * Binomial(k - 1, s));
        }
        // φ_j = Σ over coalitions S without j of coefficient[|S|]·(f(S ∪ j) − f(S)): one pass over the
        // coalitions, crediting each member it lacks.
        share.Clear();
        for (int mask = 0; mask < coalitions - 1; mask++)
        {
            double c = coefficient[System.Numerics.BitOperations.PopCount((uint)mask)];
            for (int j = 0; j < k; j++)
            {
                int bit = 1 << j;
                if ((mask & bit) == 0)
                {
                    share[j] += c * (f[mask | bit] - f[mask]);
                }
            }
        }
        double baseline = f[0];
        for (int j = 0; j < k; j++)
        {
            share[j] += baseline * w[j] / sw;
        }
    }

    /// <summary>f[mask]: the aggregate when only the children in <c>mask</c> are present, the others at the absent value 0.</summary>
    private static void CoalitionValues(AggregationRule rule, double exponent, double floor, double sw,
        ReadOnlySpan<double> w, ReadOnlySpan<double> v, Span<double> f)
    {
        int k = w.Length;
        if (rule == AggregationRule.Minimum)
        {
            Span<double> present = stackalloc double[k];
            for (int mask = 0; mask < f.Length; mask++)
            {
                for (int j = 0; j < k; j++)
                {
                    present[j] = (mask & (1 << j)) != 0 ? v[j] : 0;
                }
                f[mask] = Aggregate(rule, exponent, floor, w, present);
            }
            return;
        }
        // A coalition's value is φ⁻¹ of a weighted sum of generator terms, so the sums are built up from
        // smaller coalitions (mask without its lowest member): k evaluations of φ and 2^k of φ⁻¹, where
        // calling Aggregate per coalition costs k·2^k logarithms or powers, most of a balanced score's time.
        double absent = Generator(rule, exponent, Floored(rule, exponent, floor, 0));
        Span<double> lift = stackalloc double[k];
        for (int j = 0; j < k; j++)
        {
            lift[j] = w[j] * (Generator(rule, exponent, Floored(rule, exponent, floor, v[j])) - absent);
        }
        if (rule == AggregationRule.Geometric)
        {
            // φ⁻¹ = exp turns the sums into products: one exp per child rather than one per coalition.
            f[0] = InverseGenerator(rule, exponent, absent);
            for (int j = 0; j < k; j++)
            {
                lift[j] = InverseGenerator(rule, exponent, lift[j] / sw);
            }
            for (int mask = 1; mask < f.Length; mask++)
            {
                f[mask] = f[mask & (mask - 1)] * lift[System.Numerics.BitOperations.TrailingZeroCount(mask)];
            }
            return;
        }
        f[0] = sw * absent;
        for (int mask = 1; mask < f.Length; mask++)
        {
            f[mask] = f[mask & (mask - 1)] + lift[System.Numerics.BitOperations.TrailingZeroCount(mask)];
        }
        for (int mask = 0; mask < f.Length; mask++)
        {
            f[mask] = InverseGenerator(rule, exponent, f[mask] / sw);
        }
    }

    private static double Binomial(int n, int r)
    {
        double b = 1;
        for (int i = 1; i <= r; i++)
        {
            b = b * (n - r + i) / i;
        }
        return b;
    }

    /// <summary>
    /// The pillar whose one-point rise lifts the score most (for arithmetic the largest effective weight
    /// below 100, for geometric the largest w/I), and how far it must rise alone to reach the next tier.
    /// The cohort's extremes are held fixed while it rises.
    /// </summary>
    private static void FindBottleneck(Methodology m, NodeScore[] nodes, ScoreResult result, CohortScale? cohort)
    {
        int width = m.MaxChildren;
        Span<double> w = width <= StackLimit ? stackalloc double[width] : new double[width];
        Span<double> v = width <= StackLimit ? stackalloc double[width] : new double[width];
        Span<int> idx = width <= StackLimit ? stackalloc int[width] : new int[width];
        int k = 0;
        for (int j = m.ChildStart[0]; j < m.ChildEnd[0]; j++)
        {
            int c = m.ChildList[j];
            if (nodes[c].HasValue)
            {
                w[k] = m.Weight[c];
                v[k] = nodes[c].Normalized;
                idx[k++] = c;
            }
        }
        w = w[..k];
        v = v[..k];
        var rule = m.Rule[0];
        double exponent = m.Exponent[0], floor = m.GeometricFloor, raw = result.RawScore;
        // One point more on pillar j changes one term of the mean, so for the sums (arithmetic, and the
        // quasi-arithmetic rules through φ) the gain follows from that term alone instead of re-aggregating
        // all pillars per candidate (k² logarithms under a geometric root). The minimum has no sum.
        double sw = 0, sum = 0;
        bool quasiArithmetic = rule is AggregationRule.Geometric or AggregationRule.GeneralisedMean;
        for (int j = 0; j < k; j++)
        {
            sw += w[j];
            sum += quasiArithmetic ? w[j] * Generator(rule, exponent, Floored(rule, exponent, floor, v[j])) : 0;
        }
        int best = -1;
        double bestGain = 0;
        for (int j = 0; j < k; j++)
        {
            double before = v[j];
            if (before >= 100)
            {
                continue;
            }
            double raised = Math.Min(100, before + 1);
            double gain;
            if (rule == AggregationRule.Arithmetic)
            {
                gain = w[j] * (raised - before) / sw;
            }
            else if (quasiArithmetic)
            {
                double term = Generator(rule, exponent, Floored(rule, exponent, floor, raised))
                    - Generator(rule, exponent, Floored(rule, exponent, floor, before));
                gain = InverseGenerator(rule, exponent, (sum + w[j] * term) / sw) - raw;
            }
            else
            {
                v[j] = raised;
                gain = Aggregate(rule, exponent, floor, w, v) - raw;
                v[j] = before;
            }
            if (gain > bestGain + 1e-12)
            {
                best = j;
                bestGain = gain;
            }
        }
        if (best < 0)
        {
            return;
        }
        result.Bottleneck = idx[best];

        var tiers = m.Document.Tiers;
        int next = result.TierIndex < 0 ? tiers.Count - 1 : result.TierIndex - 1;
        if (next < 0)
        {
            return;
        }
        result.NextTier = tiers[next].Label;
        double target = tiers[next].Min / m.ScaleFactor;
        if (result.Rescaled && cohort is { } scale)
        {
            target = scale.Invert(m.Rescale, target);
        }
        result.PointsToNextTier = PointsToReach(rule, exponent, floor, w, v, best, raw, target);
    }

    private static double? PointsToReach(AggregationRule rule, double exponent, double floor,
        Span<double> w, Span<double> v, int b, double current, double target)
    {
        double start = v[b], room = 100 - start;
        double sw = 0;
        foreach (var x in w)
        {
            sw += x;
        }
        double delta;
        switch (rule)
        {
            case AggregationRule.Arithmetic:
                delta = (target - current) * sw / w[b];
                break;
            case AggregationRule.Geometric:
                delta = Math.Max(start, floor) * Math.Pow(target / current, sw / w[b]) - start;
                break;
            default:
                v[b] = 100;
                bool reachable = Aggregate(rule, exponent, floor, w, v) >= target;
                v[b] = start;
                if (!reachable)
                {
                    return null;
                }
                double lo = 0, hi = room;
                for (int iteration = 0; iteration < 60; iteration++)
                {
                    double mid = (lo + hi) / 2;
                    v[b] = start + mid;
                    if (Aggregate(rule, exponent, floor, w, v) >= target)
                    {
                        hi = mid;
                    }
                    else
                    {
                        lo = mid;
                    }
                }
                v[b] = start;
                delta = hi;
                break;
        }
        return delta <= room + 1e-9 ? Math.Max(delta, 0) : null;
    }
}
