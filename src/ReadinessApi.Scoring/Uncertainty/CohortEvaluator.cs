using System.Numerics;
using System.Runtime.InteropServices;

namespace ReadinessApi.Scoring.Uncertainty;

/// <summary>
/// Scores a whole cohort under one set of weights, node by node with the countries side by side (one
/// SIMD lane per country), so a draw costs a few vector operations per edge of the tree instead of a tree
/// walk per country. Leaves are normalised once, here: they do not depend on the weights.
/// <para>
/// Each lane performs exactly the floating-point operations of <see cref="Scorer.Evaluate"/>, in the same
/// order (a missing child adds an exact zero), so a draw with the methodology's own weights reproduces the
/// nominal scores bit for bit, and the result does not depend on the vector width of the machine. The
/// rules are written out here for speed and mirror Scorer.Aggregate, clamp included; the uncertainty tests
/// compare them with a draw-by-draw oracle built on Scorer.Evaluate to the last bit, so any drift between
/// the two shows up there.
/// </para>
/// </summary>
internal sealed class CohortEvaluator
{
    private readonly Methodology _m;
    // Per node, one row of Stride lanes: the value a country gave for the node (normalised for a leaf), 0 when none.
    private readonly double[] _given;
    // 1 where the country gave the node's value, else 0.
    private readonly double[] _givenMask;
    private readonly bool[] _anyGiven;
    private readonly int[] _innerDescending;

    /// <param name="normalised">True when <paramref name="rows"/> hold leaves already on 0–100 (another normalisation than the goalposts).</param>
    public CohortEvaluator(Methodology m, IReadOnlyList<double[]> rows, ReadOnlySpan<int> members, bool normalised = false)
    {
        _m = m;
        Count = members.Length;
        int lanes = Vector<double>.Count;
        Stride = Math.Max(lanes, (Count + lanes - 1) / lanes * lanes);
        _given = new double[m.Count * Stride];
        _givenMask = new double[m.Count * Stride];
        _anyGiven = new bool[m.Count];
        for (int k = 0; k < Count; k++)
        {
            var row = rows[members[k]];
            for (int i = 0; i < m.Count; i++)
            {
                double x = row[i];
                if (double.IsNaN(x))
                {
                    continue;
                }
                var flags = NodeFlags.None;
                _given[(i * Stride) + k] = m.ChildStart[i] == m.ChildEnd[i] && !normalised ? Scorer.Normalise(m, i, x, ref flags) : x;
                _givenMask[(i * Stride) + k] = 1;
                _anyGiven[i] = true;
            }
        }
        _innerDescending = Enumerable.Range(0, m.Count).Where(i => m.ChildStart[i] != m.ChildEnd[i]).Reverse().ToArray();
    }

    /// <summary>Countries scored side by side.</summary>
    public int Count { get; }

    /// <summary>Lanes per node row: <see cref="Count"/> rounded up to a whole number of vectors.</summary>
    public int Stride { get; }

    /// <summary>Working rows for one thread; leaf rows are filled once and never change.</summary>
    public sealed class Workspace
    {
        internal Workspace(CohortEvaluator e)
        {
            Value = (double[])e._given.Clone();
            Available = (double[])e._givenMask.Clone();
            Coverage = (double[])e._givenMask.Clone();
            SumWeight = new double[e.Stride];
            SumCoverage = new double[e.Stride];
            SumValue = new double[e.Stride];
            Low = new double[e.Stride];
            High = new double[e.Stride];
        }

        /// <summary>0–100 per node and lane; 0 where the node has no value.</summary>
        internal double[] Value { get; }
        /// <summary>1 where the node has a value, else 0.</summary>
        internal double[] Available { get; }
        /// <summary>The node's coverage where it has a value, else 0 (a parent counts only children with a value).</summary>
        internal double[] Coverage { get; }
        // Accumulators of the arithmetic rule, one lane per country.
        internal double[] SumWeight { get; }
        internal double[] SumCoverage { get; }
        internal double[] SumValue { get; }
        // The range of the children's values per lane (the arithmetic mean is clamped into it, as in Scorer.Aggregate).
        internal double[] Low { get; }
        internal double[] High { get; }
    }

    public Workspace CreateWorkspace() => new(this);

    /// <summary>
    /// Aggregates every inner node under <paramref name="weights"/> (raw sibling-relative weights by node)
    /// with <paramref name="root"/> as the root's rule, and writes each country's root value (NaN: none).
    /// </summary>
    public void Evaluate(ReadOnlySpan<double> weights, Aggregation root, Workspace ws, Span<double> raw)
    {
        var m = _m;
        foreach (int i in _innerDescending)
        {
            var rule = i == 0 ? root.Rule : m.Rule[i];
            double exponent = i == 0 ? root.Exponent ?? m.Exponent[0] : m.Exponent[i];
            if (rule == AggregationRule.Arithmetic)
            {
                Arithmetic(i, weights, ws);
            }
            else
            {
                General(i, rule, exponent, weights, ws);
            }
            if (_anyGiven[i])
            {
                ApplyGiven(i, ws);
            }
        }
        var value = ws.Value.AsSpan(0, Count);
        var available = ws.Available.AsSpan(0, Count);
        for (int k = 0; k < raw.Length; k++)
        {
            raw[k] = available[k] != 0 ? value[k] : double.NaN;
        }
    }

    private void Arithmetic(int i, ReadOnlySpan<double> weights, Workspace ws)
    {
        var m = _m;
        int start = m.ChildStart[i], end = m.ChildEnd[i];
        var available = MemoryMarshal.Cast<double, Vector<double>>(ws.SumWeight.AsSpan());
        var covered = MemoryMarshal.Cast<double, Vector<double>>(ws.SumCoverage.AsSpan());
        var acc = MemoryMarshal.Cast<double, Vector<double>>(ws.SumValue.AsSpan());
        var low = MemoryMarshal.Cast<double, Vector<double>>(ws.Low.AsSpan());
        var high = MemoryMarshal.Cast<double, Vector<double>>(ws.High.AsSpan());
        available.Clear();
        covered.Clear();
        acc.Clear();
        low.Fill(new Vector<double>(double.PositiveInfinity));
        high.Fill(new Vector<double>(double.NegativeInfinity));
        double all = 0;
        // Child by child, so each lane sums in the children's order, as Scorer.Evaluate does.
        for (int j = start; j < end; j++)
        {
            int c = m.ChildList[j];
            all += weights[c];
            var w = new Vector<double>(weights[c]);
            var childAvailable = Row(ws.Available, c);
            var childCoverage = Row(ws.Coverage, c);
            var childValue = Row(ws.Value, c);
            for (int b = 0; b < acc.Length; b++)
            {
                var v = childValue[b];
                available[b] += w * childAvailable[b];
                covered[b] += w * childCoverage[b];
                acc[b] += w * v;
                // The range of the children with a value, which Scorer.Aggregate clamps the mean into.
                var has = Vector.GreaterThan(childAvailable[b], Vector<double>.Zero);
                low[b] = Vector.ConditionalSelect(has & Vector.LessThan(v, low[b]), v, low[b]);
                high[b] = Vector.ConditionalSelect(has & Vector.GreaterThan(v, high[b]), v, high[b]);
            }
        }
        var allV = new Vector<double>(all);
        var minCoverage = new Vector<double>(m.MinCoverage - 1e-12);
        var outValue = Row(ws.Value, i);
        var outAvailable = Row(ws.Available, i);
        var outCoverage = Row(ws.Coverage, i);
        for (int b = 0; b < acc.Length; b++)
        {
            var coverage = all > 0 ? covered[b] / allV : Vector<double>.Zero;
            var ok = Vector.GreaterThan(available[b], Vector<double>.Zero) & Vector.GreaterThanOrEqual(coverage, minCoverage);
            var mean = acc[b] / available[b];
            mean = Vector.ConditionalSelect(Vector.LessThan(mean, low[b]), low[b],
                Vector.ConditionalSelect(Vector.GreaterThan(mean, high[b]), high[b], mean));
            outValue[b] = Vector.ConditionalSelect(ok, mean, Vector<double>.Zero);
            outAvailable[b] = Vector.ConditionalSelect(ok, Vector<double>.One, Vector<double>.Zero);
            outCoverage[b] = Vector.ConditionalSelect(ok, coverage, Vector<double>.Zero);
        }
    }

    /// <summary>
    /// Geometric, generalised-mean and minimum nodes, child by child over the lanes like the arithmetic
    /// rule (calling Scorer.Aggregate once per lane measured several times slower). Each lane sums only the
    /// children that have a value, in order, with Scorer.Aggregate's expressions and its clamp into the
    /// range of the (floored) inputs.
    /// </summary>
    private void General(int i, AggregationRule rule, double exponent, ReadOnlySpan<double> weights, Workspace ws)
    {
        var m = _m;
        int start = m.ChildStart[i], end = m.ChildEnd[i], n = Count;
        double floor = m.GeometricFloor;
        var available = ws.SumWeight.AsSpan(0, n);
        var covered = ws.SumCoverage.AsSpan(0, n);
        var acc = ws.SumValue.AsSpan(0, n);
        var low = ws.Low.AsSpan(0, n);
        var high = ws.High.AsSpan(0, n);
        available.Clear();
        covered.Clear();
        acc.Fill(rule == AggregationRule.Minimum ? double.PositiveInfinity : 0);
        low.Fill(double.PositiveInfinity);
        high.Fill(double.NegativeInfinity);
        double all = 0;
        for (int j = start; j < end; j++)
        {
            int c = m.ChildList[j];
            double w = weights[c];
            all += w;
            var childAvailable = ws.Available.AsSpan(c * Stride, n);
            var childCoverage = ws.Coverage.AsSpan(c * Stride, n);
            var childValue = ws.Value.AsSpan(c * Stride, n);
            for (int k = 0; k < n; k++)
            {
                if (childAvailable[k] != 0)
                {
                    available[k] += w;
                    covered[k] += w * childCoverage[k];
                }
            }
            switch (rule)
            {
                case AggregationRule.Geometric:
                    for (int k = 0; k < n; k++)
                    {
                        if (childAvailable[k] != 0)
                        {
                            double x = Math.Max(childValue[k], floor);
                            acc[k] += w * Math.Log(x);
                            Widen(x, ref low[k], ref high[k]);
                        }
                    }
                    break;
                case AggregationRule.GeneralisedMean:
                    for (int k = 0; k < n; k++)
                    {
                        if (childAvailable[k] != 0)
                        {
                            double x = exponent < 0 ? Math.Max(childValue[k], floor) : childValue[k];
                            acc[k] += w * Math.Pow(x, exponent);
                            Widen(x, ref low[k], ref high[k]);
                        }
                    }
                    break;
                default:
                    for (int k = 0; k < n; k++)
                    {
                        if (childAvailable[k] != 0 && w > 0 && childValue[k] < acc[k])
                        {
                            acc[k] = childValue[k];
                        }
                    }
                    break;
            }
        }
        double minCoverage = m.MinCoverage - 1e-12;
        var outValue = ws.Value.AsSpan(i * Stride, n);
        var outAvailable = ws.Available.AsSpan(i * Stride, n);
        var outCoverage = ws.Coverage.AsSpan(i * Stride, n);
        for (int k = 0; k < n; k++)
        {
            double coverage = all > 0 ? covered[k] / all : 0;
            if (available[k] <= 0 || coverage < minCoverage)
            {
                outValue[k] = 0;
                outAvailable[k] = 0;
                outCoverage[k] = 0;
                continue;
            }
            outValue[k] = rule switch
            {
                AggregationRule.Geometric => Within(Math.Exp(acc[k] / available[k]), low[k], high[k]),
                AggregationRule.GeneralisedMean => Within(Math.Pow(acc[k] / available[k], 1 / exponent), low[k], high[k]),
                _ => acc[k],
            };
            outAvailable[k] = 1;
            outCoverage[k] = coverage;
        }
    }

    private static void Widen(double x, ref double low, ref double high)
    {
        if (x < low)
        {
            low = x;
        }
        if (x > high)
        {
            high = x;
        }
    }

    private static double Within(double x, double low, double high) => x < low ? low : x > high ? high : x;

    /// <summary>Where a country gave an inner node's value, that value stands (its children are superseded).</summary>
    private void ApplyGiven(int i, Workspace ws)
    {
        var given = Row(_given, i);
        var mask = Row(_givenMask, i);
        var value = Row(ws.Value, i);
        var available = Row(ws.Available, i);
        var coverage = Row(ws.Coverage, i);
        for (int b = 0; b < value.Length; b++)
        {
            var isGiven = Vector.GreaterThan(mask[b], Vector<double>.Zero);
            value[b] = Vector.ConditionalSelect(isGiven, given[b], value[b]);
            available[b] = Vector.ConditionalSelect(isGiven, Vector<double>.One, available[b]);
            coverage[b] = Vector.ConditionalSelect(isGiven, Vector<double>.One, coverage[b]);
        }
    }

    private Span<Vector<double>> Row(double[] rows, int node) =>
        MemoryMarshal.Cast<double, Vector<double>>(rows.AsSpan(node * Stride, Stride));
}
