namespace ReadinessApi.Scoring;

/// <summary>
/// Scores rows one after another without explaining them, for the bulk paths (a batch, a cohort's ranking,
/// a what-if's cohort): the aggregation pass (<see cref="Scorer.Evaluate"/>) into working arrays reused for
/// every row, then the few numbers a row shows. Publishing, missing nodes and the shortfall message are the
/// ones a single score uses. One instance per loop: it is not thread-safe.
/// </summary>
public sealed class RowScorer
{
    private readonly Methodology _m;
    private readonly double[] _value;
    private readonly double[] _coverage;
    private readonly NodeFlags[] _flags;

    public RowScorer(Methodology methodology)
    {
        _m = methodology;
        _value = new double[methodology.Count];
        _coverage = new double[methodology.Count];
        _flags = new NodeFlags[methodology.Count];
    }

    public Methodology Methodology => _m;

    /// <summary>The last row's coverage (0–1) of the methodology's weight.</summary>
    public double Coverage => _coverage[0];

    /// <summary>The unrescaled 0–100 score of node-indexed <paramref name="inputs"/> (NaN = no value); NaN when coverage is too low.</summary>
    public double Evaluate(ReadOnlySpan<double> inputs) => Scorer.Evaluate(_m, inputs, _m.Weight, null, _value, _coverage, _flags);

    /// <summary>
    /// The last row's pillar values, as a single score's <c>pillars[].value</c>: the value given for a leaf
    /// pillar, else its 0–100 aggregate; NaN without data.
    /// </summary>
    public void Pillars(ReadOnlySpan<double> inputs, Span<double> pillars)
    {
        var ids = _m.Pillars;
        for (int j = 0; j < pillars.Length; j++)
        {
            int p = ids[j];
            pillars[j] = _m.ChildStart[p] == _m.ChildEnd[p] && !double.IsNaN(inputs[p]) ? inputs[p] : _value[p];
        }
    }

    /// <summary>The last row's highest nodes without data.</summary>
    public List<string> Missing() => CoverageReport.Missing(_m, _flags);

    /// <summary>Why the last row has no score (its coverage is below the minimum), and what to add.</summary>
    public string Shortfall() => CoverageReport.Message(_m, Coverage, Missing());
}
