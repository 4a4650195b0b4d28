using ReadinessApi.Scoring.Uncertainty;

namespace ReadinessApi.Scoring.Analysis;

/// <summary>
/// Variance-based sensitivity of a cohort's ranking: which assumption drives the rank uncertainty. Each named
/// factor (a node's weight, the root's aggregation rule, the normalisation, the missing-data treatment) is a
/// uniform u on [0, 1) of a <see cref="SaltelliDesign"/>; every run scores the whole cohort under the
/// assumptions it picks, ranks it, and measures the mean absolute rank shift against the nominal ranking
/// (COINr's target) and, on request, one country's rank. <see cref="SobolEstimator"/> turns the runs into
/// first-order and total indices with bootstrap intervals.
/// <para>
/// The cohort is prepared once per combination of the two discrete data treatments (goalposts or min–max,
/// re-weighting or cohort means), so a run costs one vectorised pass of <see cref="CohortEvaluator"/> and a
/// ranking. Runs are spread over the cores; each writes only its own output, so the result does not depend
/// on the core count.
/// </para>
/// </summary>
public static class VarianceAnalysis
{
    private const int ChunkSize = 64;
    private enum Kind { Weight, Aggregation, Normalisation, MissingData }
    private sealed record Factor(string Name, Kind Kind, int Node);

    /// <summary>Null when the settings can be run on <paramref name="m"/>; otherwise the field at fault and what is wrong.</summary>
    public static (string Field, string Message)? Problem(Methodology m, VarianceSettings settings) =>
        Resolve(m, settings, out _);

    private static (string Field, string Message)? Resolve(Methodology m, VarianceSettings s, out List<Factor> factors)
    {
        factors = [];
        if (s.BaseSamples < 2)
        {
            return ("baseSamples", "baseSamples must be at least 2.");
        }
        if (!double.IsFinite(s.WeightNoise) || s.WeightNoise is < 0 or > 1)
        {
            return ("weightNoise", "weightNoise must lie in [0, 1].");
        }
        if (s.Resamples < 1)
        {
            return ("resamples", "resamples must be at least 1.");
        }
        var names = s.Factors.Count > 0 ? s.Factors : DefaultFactors(m, s);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int f = 0; f < names.Count; f++)
        {
            string name = names[f], field = s.Factors.Count > 0 ? $"factors[{f}]" : "factors";
            if (!seen.Add(name))
            {
                return (field, $"'{name}' is named twice.");
            }
            switch (name)
            {
                case VarianceSettings.AggregationFactor:
                    if (s.Aggregations.Count < 2)
                    {
                        return (field, "'aggregation' has no alternative: list at least two rules in aggregations.");
                    }
                    factors.Add(new Factor(name, Kind.Aggregation, 0));
                    continue;
                case VarianceSettings.NormalisationFactor:
                    factors.Add(new Factor(name, Kind.Normalisation, 0));
                    continue;
                case VarianceSettings.MissingDataFactor:
                    factors.Add(new Factor(name, Kind.MissingData, 0));
                    continue;
            }
            if (!m.TryGetIndex(name, out int node) || node == 0)
            {
                return (field, $"'{name}' is not a factor of '{m.Id}': name a node below the root (its weight), {VarianceSettings.AggregationFactor}, {VarianceSettings.NormalisationFactor} or {VarianceSettings.MissingDataFactor}.");
            }
            if (s.WeightNoise == 0)
            {
                return (field, $"The weight of '{name}' has no alternative: weightNoise is 0.");
            }
            if (m.Nodes[m.Parent[node]].Children.Count < 2)
            {
                return (field, $"The weight of '{name}' has no alternative: it is its parent's only child, so its share is always 1.");
            }
            factors.Add(new Factor(name, Kind.Weight, node));
        }
        return factors.Count == 0 ? ("factors", "Nothing to vary: name at least one factor.") : null;
    }

    /// <summary>The factors analysed when the request names none.</summary>
    public static IReadOnlyList<string> DefaultFactors(Methodology m, VarianceSettings s)
    {
        var names = new List<string>();
        if (s.WeightNoise > 0 && m.Pillars.Count > 1)
        {
            names.AddRange(m.Pillars.Select(p => m.Nodes[p].Id));
        }
        if (s.Aggregations.Count > 1)
        {
            names.Add(VarianceSettings.AggregationFactor);
        }
        names.Add(VarianceSettings.NormalisationFactor);
        names.Add(VarianceSettings.MissingDataFactor);
        return names;
    }

    /// <param name="m">The nominal methodology.</param>
    /// <param name="rows">Node-indexed inputs per country (NaN: no value), as <see cref="InputBinder"/> binds them.</param>
    /// <param name="country">The row whose rank is a second output, or null.</param>
    public static VarianceResult Run(Methodology m, IReadOnlyList<double[]> rows, VarianceSettings settings, int? country = null,
        CancellationToken cancellationToken = default)
    {
        if (Resolve(m, settings, out var factors) is { } problem)
        {
            throw new ArgumentException(problem.Message, nameof(settings));
        }
        var rules = settings.Aggregations.Count > 0 ? settings.Aggregations : [m.Root.Aggregation];

        // The four data treatments: [goalposts | min–max] × [re-weighting | cohort mean].
        var goalposts = Normalised(m, rows, minMax: false);
        var minMax = Normalised(m, rows, minMax: true);
        var treatments = new[] { goalposts, Imputed(m, goalposts), minMax, Imputed(m, minMax) };

        // Nominal: goalposts, re-weighting, the methodology's weights and root rule; members are the rows it ranks.
        var all = Enumerable.Range(0, rows.Count).ToArray();
        var nominalScores = new double[rows.Count];
        var full = new CohortEvaluator(m, goalposts, all, normalised: true);
        full.Evaluate(m.Weight, m.Root.Aggregation, full.CreateWorkspace(), nominalScores);
        UncertaintyAnalysis.Publish(m, nominalScores);
        var nominalAll = Ranking.Competition(nominalScores, out int ranked);
        var members = all.Where(r => nominalAll[r] > 0).ToArray();
        if (ranked < 2)
        {
            throw new ArgumentException("Fewer than two rows have a nominal score: there is no ranking to analyse.", nameof(rows));
        }
        int target = country is { } c ? Array.IndexOf(members, c) : -1;
        if (country is not null && target < 0)
        {
            throw new ArgumentException("The target country has no nominal score, so no rank to analyse.", nameof(country));
        }
        var evaluators = treatments.Select(t => new CohortEvaluator(m, t, members, normalised: true)).ToArray();
        var nominal = members.Select(r => nominalAll[r]).ToArray();

        var design = new SaltelliDesign(settings.BaseSamples, factors.Count, settings.Seed);
        var shift = new double[design.Runs];
        var rank = new double[design.Runs];
        int chunks = (design.Runs + ChunkSize - 1) / ChunkSize;
        int workers = settings.MaxDegreeOfParallelism > 0 ? settings.MaxDegreeOfParallelism : Environment.ProcessorCount;
        var options = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = workers };
        Parallel.For(0, chunks, options,
            () => new Worker(m, evaluators, nominal, factors, rules, settings.WeightNoise),
            (chunk, state, worker) =>
            {
                int end = Math.Min(design.Runs, (chunk + 1) * ChunkSize);
                for (int run = chunk * ChunkSize; run < end; run++)
                {
                    worker.Run(design, run, target, out shift[run], out rank[run]);
                }
                if (cancellationToken.IsCancellationRequested)
                {
                    state.Stop();
                }
                return worker;
            },
            _ => { });
        cancellationToken.ThrowIfCancellationRequested();

        var described = factors.Select(f => Describe(m, f, settings, rules)).ToArray();
        return new VarianceResult(described, members, nominal, design.Runs,
            Target("meanRankShift", shift, design, settings, cancellationToken),
            country is null ? null : Target("rank", rank, design, settings, cancellationToken));
    }

    private static SobolTarget Target(string output, double[] y, SaltelliDesign design, VarianceSettings settings, CancellationToken cancellationToken)
    {
        var indices = SobolEstimator.Estimate(y, design, settings.Resamples, out double variance, cancellationToken, settings.MaxDegreeOfParallelism);
        return new SobolTarget(output, y.Average(), variance, indices);
    }

    private static VarianceFactor Describe(Methodology m, Factor f, VarianceSettings s, IReadOnlyList<Aggregation> rules) => f.Kind switch
    {
        Kind.Weight => new VarianceFactor(f.Name, "weight",
            $"weight {m.Weight[f.Node]:0.###} × (1 ± {s.WeightNoise:0.###}), uniform, renormalised among its siblings"),
        Kind.Aggregation => new VarianceFactor(f.Name, "aggregation",
            $"root rule, one of {rules.Count} uniformly: {string.Join(", ", rules.Select(RootRules.Name))}"),
        Kind.Normalisation => new VarianceFactor(f.Name, "normalisation",
            "the methodology's goalposts, or min–max over the cohort (each with probability 1/2)"),
        _ => new VarianceFactor(f.Name, "missingData",
            "re-weighting over the data there is, or the cohort mean for a missing node (each with probability 1/2)"),
    };

    /// <summary>
    /// Rows with every leaf on 0–100: by the goalposts, or by min–max over the rows that have the leaf (after
    /// its log transform and with its direction). A leaf without spread keeps its goalposts. Inner nodes
    /// given directly are already on 0–100 and stay as they are.
    /// </summary>
    internal static double[][] Normalised(Methodology m, IReadOnlyList<double[]> rows, bool minMax)
    {
        var result = rows.Select(r => (double[])r.Clone()).ToArray();
        for (int i = 0; i < m.Count; i++)
        {
            if (!m.Nodes[i].IsLeaf)
            {
                continue;
            }
            double low = double.PositiveInfinity, high = double.NegativeInfinity;
            foreach (var row in result)
            {
                double t = Scorer.Transform(m, i, row[i]);
                if (double.IsFinite(t))
                {
                    low = Math.Min(low, t);
                    high = Math.Max(high, t);
                }
            }
            bool spread = minMax && high > low;
            foreach (var row in result)
            {
                if (double.IsNaN(row[i]))
                {
                    continue;
                }
                var flags = NodeFlags.None;
                if (!spread)
                {
                    row[i] = Scorer.Normalise(m, i, row[i], ref flags);
                    continue;
                }
                double score = Math.Clamp((Scorer.Transform(m, i, row[i]) - low) / (high - low), 0, 1) * 100;
                row[i] = m.Reverse[i] ? 100 - score : score;
            }
        }
        return result;
    }

    /// <summary>
    /// Each node that some rows give, filled with the mean of those rows' values in the rows that lack it
    /// and have no value above it or below it (where the node would otherwise be re-weighted away).
    /// </summary>
    internal static double[][] Imputed(Methodology m, double[][] normalised)
    {
        var result = normalised.Select(r => (double[])r.Clone()).ToArray();
        var mean = new double[m.Count];
        for (int i = 0; i < m.Count; i++)
        {
            double sum = 0;
            int n = 0;
            foreach (var row in normalised)
            {
                if (!double.IsNaN(row[i]))
                {
                    sum += row[i];
                    n++;
                }
            }
            mean[i] = n > 0 ? sum / n : double.NaN;
        }
        var above = new bool[m.Count];
        var below = new bool[m.Count];
        foreach (var row in result)
        {
            Array.Clear(below);
            for (int i = m.Count - 1; i > 0; i--)
            {
                if (below[i] || !double.IsNaN(row[i]))
                {
                    below[m.Parent[i]] = true;
                }
            }
            above[0] = false;
            for (int i = 1; i < m.Count; i++)
            {
                int p = m.Parent[i];
                above[i] = above[p] || !double.IsNaN(row[p]);
            }
            for (int i = 1; i < m.Count; i++)
            {
                if (double.IsNaN(row[i]) && !above[i] && !below[i] && !double.IsNaN(mean[i]))
                {
                    row[i] = mean[i];
                }
            }
        }
        return result;
    }

    /// <summary>One thread's buffers: nothing is allocated per run.</summary>
    private sealed class Worker
    {
        private readonly Methodology _m;
        private readonly CohortEvaluator[] _evaluators;
        private readonly CohortEvaluator.Workspace[] _workspaces;
        private readonly List<Factor> _factors;
        private readonly IReadOnlyList<Aggregation> _rules;
        private readonly double _noise;
        private readonly int[] _nominal;
        private readonly double[] _point;
        private readonly double[] _weights;
        private readonly double[] _score;
        private readonly int[] _rank;
        private readonly DrawRanker _ranker;

        public Worker(Methodology m, CohortEvaluator[] evaluators, int[] nominal, List<Factor> factors, IReadOnlyList<Aggregation> rules, double noise)
        {
            _m = m;
            _evaluators = evaluators;
            _workspaces = [.. evaluators.Select(e => e.CreateWorkspace())];
            _factors = factors;
            _rules = rules;
            _noise = noise;
            _nominal = nominal;
            _point = new double[factors.Count];
            _weights = (double[])m.Weight.Clone();
            _score = new double[nominal.Length];
            _rank = new int[nominal.Length];
            _ranker = new DrawRanker(nominal);
        }

        public void Run(SaltelliDesign design, int run, int target, out double shift, out double rank)
        {
            design.Point(run, _point);
            _m.Weight.AsSpan().CopyTo(_weights);
            var rule = _m.Root.Aggregation;
            int treatment = 0;
            for (int f = 0; f < _factors.Count; f++)
            {
                double u = _point[f];
                var factor = _factors[f];
                switch (factor.Kind)
                {
                    case Kind.Weight:
                        _weights[factor.Node] = _m.Weight[factor.Node] * (1 + (_noise * ((2 * u) - 1)));
                        break;
                    case Kind.Aggregation:
                        rule = _rules[Math.Min(_rules.Count - 1, (int)(u * _rules.Count))];
                        break;
                    case Kind.Normalisation:
                        treatment += u < 0.5 ? 0 : 2;
                        break;
                    default:
                        treatment += u < 0.5 ? 0 : 1;
                        break;
                }
            }
            _evaluators[treatment].Evaluate(_weights, rule, _workspaces[treatment], _score);
            UncertaintyAnalysis.Publish(_m, _score);
            int ranked = _ranker.Rank(_score, _rank);
            long total = 0;
            for (int k = 0; k < _rank.Length; k++)
            {
                if (_rank[k] > 0)
                {
                    total += Math.Abs(_rank[k] - _nominal[k]);
                }
            }
            shift = ranked > 0 ? (double)total / ranked : 0;
            // A target without a score in this run ranks below every ranked member.
            rank = target < 0 ? 0 : _rank[target] > 0 ? _rank[target] : ranked + 1;
        }

    }
}
