using ReadinessApi.Scoring;

namespace ReadinessApi.Batch;

/// <summary>
/// The lean per-row path: <see cref="Scorer.Evaluate"/> (the aggregation pass, without the explanation a
/// single score carries) into working arrays reused for every row, then the few numbers a batch result
/// shows: raw score, coverage and pillar values.
/// </summary>
internal sealed class BatchScorer(BatchPlan plan)
{
    private readonly double[] _value = new double[plan.NodeCount];
    private readonly double[] _coverage = new double[plan.NodeCount];
    private readonly NodeFlags[] _flags = new NodeFlags[plan.NodeCount];

    public BatchPlan Plan => plan;

    /// <summary>
    /// Scores a valid item: fills <paramref name="pillars"/> (as the single score's <c>pillars[].value</c>: the
    /// value given for a leaf pillar, else its 0–100 aggregate; NaN without data) and returns the unrescaled
    /// 0–100 score, or NaN after recording a 422 error on the item when coverage is too low.
    /// </summary>
    public double Score(BatchItem item, Span<double> pillars, out double coverage)
    {
        var m = plan.Methodology;
        var inputs = item.Values;
        double raw = Scorer.Evaluate(m, inputs, plan.Weights, null, _value, _coverage, _flags);
        coverage = _coverage[0];
        var ids = plan.Pillars;
        for (int j = 0; j < pillars.Length; j++)
        {
            int p = ids[j];
            pillars[j] = plan.PillarIsLeaf[j] && !double.IsNaN(inputs[p]) ? inputs[p] : _value[p];
        }
        if (double.IsNaN(raw))
        {
            var error = item.CoverageError(coverage, m.MinCoverage);
            error.Add("inputs", $"The inputs cover {coverage * 100:0.#}% of '{m.Id}' (by weight); at least {m.MinCoverage * 100:0.#}% is needed at every level. Missing: {string.Join(", ", Missing())}.");
        }
        return raw;
    }

    /// <summary>The score on the methodology's published scale, rescaled over <paramref name="scale"/> when the methodology asks for it.</summary>
    public double Publish(double raw, CohortScale? scale)
    {
        var m = plan.Methodology;
        double score = scale is { } s && m.Rescale != RescaleRule.None ? s.Apply(m.Rescale, raw) : raw;
        return score * m.ScaleFactor;
    }

    /// <summary>The highest nodes without any data (as <c>ScoreExplainer.Missing</c> reports them).</summary>
    private IEnumerable<string> Missing()
    {
        var m = plan.Methodology;
        for (int i = 1; i < m.Count; i++)
        {
            if ((_flags[i] & NodeFlags.Missing) != 0 && (_flags[m.Nodes[i].Parent] & NodeFlags.Missing) == 0)
            {
                yield return m.Nodes[i].Id;
            }
        }
    }
}
