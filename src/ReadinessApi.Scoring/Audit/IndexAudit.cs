using ReadinessApi.Scoring.Analysis;

namespace ReadinessApi.Scoring.Audit;

/// <summary>
/// The statistical coherence audit of an index over a cohort, as the JRC audits published indices and COINr
/// computes them (<c>get_stats</c>, <c>get_corr</c>, <c>get_cronbach</c>): the indicators' distributions and
/// outliers, whether each level's components agree with each other, with their parent and with the index,
/// and whether each pillar carries as much of the index's variance as its weight says (Paruolo, Saisana and
/// Saltelli 2013). Missing values are handled pairwise throughout: each figure uses the members that have
/// the values it needs and names the others.
/// </summary>
public static class IndexAudit
{
    public const double RedundantAbove = 0.92;
    public const double WeakBelow = 0.3;
    public const double ImportanceFactor = 2;

    /// <param name="m">The methodology the index is built by.</param>
    /// <param name="rows">Node-indexed inputs per member (NaN: no value), as <see cref="InputBinder"/> binds them.</param>
    /// <param name="countries">ISO codes aligned with <paramref name="rows"/>.</param>
    public static AuditResult Run(Methodology m, IReadOnlyList<double[]> rows, IReadOnlyList<string> countries)
    {
        int n = rows.Count;
        // values[node][member]: the node's 0–100 value as the scorer computes it (NaN: none).
        var values = new double[m.Count][];
        for (int i = 0; i < m.Count; i++)
        {
            values[i] = new double[n];
        }
        var value = new double[m.Count];
        var coverage = new double[m.Count];
        var flagsBuffer = new NodeFlags[m.Count];
        for (int k = 0; k < n; k++)
        {
            Scorer.Evaluate(m, rows[k], m.Weight, null, value, coverage, flagsBuffer);
            for (int i = 0; i < m.Count; i++)
            {
                values[i][k] = value[i];
            }
        }
        var index = values[0];
        var flags = new List<AuditFlag>();

        var indicators = new List<IndicatorAudit>();
        for (int i = 0; i < m.Count; i++)
        {
            var raw = rows.Select(r => r[i]).ToArray();
            if (raw.All(double.IsNaN))
            {
                continue;
            }
            var d = Statistics.Describe(raw);
            bool outlier = Statistics.IsOutlying(d);
            indicators.Add(new IndicatorAudit(m.Nodes[i].Id, d.Count, (double)d.Count / n, d.Mean, d.StandardDeviation,
                d.Minimum, d.Maximum, d.Skewness, d.Kurtosis, outlier, Missing(countries, raw)));
            if (outlier)
            {
                flags.Add(new AuditFlag("outlier", m.Nodes[i].Id, null, d.Skewness!.Value,
                    $"{m.Nodes[i].Id}: skewness {d.Skewness:0.##} and kurtosis {d.Kurtosis:0.##} exceed the JRC thresholds (|2|, 3.5): consider winsorising or a log transform."));
            }
        }

        var nodes = new List<NodeAudit>();
        foreach (var node in m.Nodes.Where(x => !x.IsLeaf))
        {
            var children = node.Children.Where(c => HasData(values[c])).ToList();
            if (children.Count == 0)
            {
                continue;
            }
            var alpha = Statistics.CronbachAlpha([.. children.Select(c => values[c])]);
            var audits = new List<ChildAudit>();
            foreach (int c in children)
            {
                string id = m.Nodes[c].Id;
                var withParent = Pair(values[c], values[node.Index], countries);
                var siblings = children.Where(s => s != c)
                    .Select(s => new SiblingCorrelation(m.Nodes[s].Id, Pair(values[c], values[s], countries))).ToList();
                audits.Add(new ChildAudit(id, withParent, node.Index == 0 ? withParent : Pair(values[c], index, countries), siblings));
                if (withParent.Pearson is { } r)
                {
                    if (r < 0)
                    {
                        flags.Add(new AuditFlag("negativeWithParent", id, node.Id, r, $"{id} correlates negatively with {node.Id} (r = {r:0.###}): it pulls against the other components."));
                    }
                    else if (r < WeakBelow)
                    {
                        flags.Add(new AuditFlag("weakWithParent", id, node.Id, r, $"{id} correlates weakly with {node.Id} (r = {r:0.###} < {WeakBelow}): it adds little to it."));
                    }
                }
                foreach (var s in siblings)
                {
                    // Each pair once: from the sibling that comes first in the tree.
                    if (s.Correlation.Pearson is { } rs && Math.Abs(rs) > RedundantAbove && m.TryGetIndex(s.Sibling, out int si) && si > c)
                    {
                        flags.Add(new AuditFlag("redundant", id, s.Sibling, rs, $"{id} and {s.Sibling} correlate at r = {rs:0.###} (|r| > {RedundantAbove}): possible double counting."));
                    }
                }
            }
            nodes.Add(new NodeAudit(node.Id, alpha, audits));
        }

        var importance = Importance(m, values, countries, flags);
        var matrixNodes = Enumerable.Range(0, m.Count).Where(i => HasData(values[i])).ToList();
        var matrix = new CorrelationMatrix([.. matrixNodes.Select(i => m.Nodes[i].Id)],
            [.. matrixNodes.Select(a => (IReadOnlyList<double?>)[.. matrixNodes.Select(b => a == b ? 1.0 : Statistics.Pearson(values[a], values[b]).Value)])]);
        var ordered = flags.OrderBy(f => m.TryGetIndex(f.Node, out int i) ? i : int.MaxValue).ToList();
        return new AuditResult(countries, indicators, nodes, importance, ordered, matrix);
    }

    private static List<ImportanceAudit> Importance(Methodology m, double[][] values, IReadOnlyList<string> countries, List<AuditFlag> flags)
    {
        var effective = new double[m.Count];
        effective[0] = 1;
        for (int i = 1; i < m.Count; i++)
        {
            effective[i] = effective[m.Parent[i]] * m.NormalizedWeight[i];
        }
        var result = new List<ImportanceAudit>();
        foreach (int depth in new[] { 1, 2 })
        {
            var level = m.Nodes.Where(x => x.Depth == depth).Select(x => x.Index).ToList();
            var eta = level.ToDictionary(i => i, i => Statistics.CorrelationRatio(values[i], values[0]));
            var measured = level.Where(i => eta[i].Value is not null).ToList();
            double weightSum = measured.Sum(i => effective[i]);
            double etaSum = measured.Sum(i => eta[i].Value!.Value);
            foreach (int i in level)
            {
                var id = m.Nodes[i].Id;
                double? available = eta[i].Value is not null && weightSum > 0 ? effective[i] / weightSum : null;
                double? share = eta[i].Value is { } e && etaSum > 0 ? e / etaSum : null;
                double? ratio = share is { } s && available is > 0 ? s / available : null;
                bool flagged = ratio is { } q && (q > ImportanceFactor || q < 1 / ImportanceFactor);
                var r = Statistics.Pearson(values[i], values[0]).Value;
                result.Add(new ImportanceAudit(id, depth == 1 ? "pillar" : "subPillar", effective[i], available, eta[i].Value,
                    r * r, share, ratio, flagged, eta[i].Count, Missing(countries, values[i], values[0])));
                if (flagged)
                {
                    flags.Add(new AuditFlag(ratio > 1 ? "importanceAboveWeight" : "importanceBelowWeight", id, null, ratio!.Value,
                        $"{id} carries {share:P0} of the index's explained variance against a weight share of {available:P0} (a factor of {ratio:0.##})."));
                }
            }
        }
        return result;
    }

    private static PairCorrelation Pair(double[] x, double[] y, IReadOnlyList<string> countries)
    {
        var p = Statistics.Pearson(x, y);
        return new PairCorrelation(p.Value, Statistics.Spearman(x, y).Value, p.Count, Missing(countries, x, y));
    }

    private static bool HasData(double[] x) => x.Any(v => !double.IsNaN(v));

    private static List<string> Missing(IReadOnlyList<string> countries, double[] x, double[]? y = null) =>
        [.. Enumerable.Range(0, x.Length).Where(k => double.IsNaN(x[k]) || (y is not null && double.IsNaN(y[k]))).Select(k => countries[k])];
}
