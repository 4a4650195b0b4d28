namespace ReadinessApi.Scoring.Uncertainty;

/// <summary>
/// Monte Carlo uncertainty analysis of a cohort's ranking (OECD/JRC Handbook step 7; COINr's
/// <c>get_sensitivity</c> with noisy weights and alternative aggregation rules).
/// <para>
/// Draw d takes its own random stream (<see cref="DrawRandom"/>: seed and d, nothing else). From it, in this
/// order: for every node below the root in index order, U on [0, 1) and the weight
/// <c>w·(1 + n·(2U − 1))</c> (renormalised among the siblings by the aggregation itself); then, when more than
/// one root rule is offered, the rule, uniformly. Every country is scored under that methodology, rescaled
/// over the cohort where the methodology asks for it, and competition-ranked among the countries that have
/// a score in that draw.
/// </para>
/// <para>
/// Draws run in parallel in chunks; what they accumulate (per-country rank histograms, score extremes and
/// the integer sum of rank shifts) is exact and order-free, so the result is identical for any thread
/// count or partitioning.
/// </para>
/// </summary>
public static class UncertaintyAnalysis
{
    /// <summary>Draws per parallel work item: large enough to amortise scheduling, small enough to balance two cores.</summary>
    private const int ChunkSize = 128;

    /// <param name="m">The nominal methodology.</param>
    /// <param name="rows">Node-indexed inputs per country (NaN: no value), as <see cref="InputBinder"/> binds them.</param>
    /// <param name="settings">Draws, noise, alternative root rules, seed.</param>
    /// <param name="cancellationToken">Stops the draws; nothing partial is returned.</param>
    public static UncertaintyResult Run(Methodology m, IReadOnlyList<double[]> rows, UncertaintySettings settings,
        CancellationToken cancellationToken = default)
    {
        if (settings.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(settings));
        }
        for (int r = 0; r < rows.Count; r++)
        {
            if (rows[r].Length != m.Count)
            {
                throw new ArgumentException($"Row {r} has {rows[r].Length} values; methodology '{m.Id}' has {m.Count} nodes.", nameof(rows));
            }
        }

        // Nominal: the methodology as published.
        var nominalScore = new double[rows.Count];
        var coverage = new double[rows.Count];
        var value = new double[m.Count];
        var nodeCoverage = new double[m.Count];
        var flags = new NodeFlags[m.Count];
        for (int r = 0; r < rows.Count; r++)
        {
            nominalScore[r] = Scorer.Evaluate(m, rows[r], m.Weight, null, value, nodeCoverage, flags);
            coverage[r] = nodeCoverage[0];
        }
        Publish(m, nominalScore);
        var nominalRank = Ranking.Competition(nominalScore, out int ranked);
        var members = new int[ranked];
        for (int r = 0, k = 0; r < rows.Count; r++)
        {
            if (nominalRank[r] > 0)
            {
                members[k++] = r;
            }
        }

        var countries = new CountryUncertainty[rows.Count];
        double meanRankShift = 0;
        if (ranked > 0)
        {
            var nominal = members.Select(r => nominalRank[r]).ToArray();
            var totals = RunDraws(m, rows, members, nominal, settings, cancellationToken);
            for (int k = 0; k < ranked; k++)
            {
                int r = members[k];
                var histogram = totals.Histogram.AsSpan(k * ranked, ranked);
                int n = totals.RankedDraws(k);
                countries[r] = new CountryUncertainty(
                    nominalScore[r], nominalRank[r],
                    NearestRank(histogram, n, 50), NearestRank(histogram, n, 5), NearestRank(histogram, n, 95),
                    n > 0 ? totals.Low[k] : null, n > 0 ? totals.High[k] : null, n, coverage[r]);
            }
            meanRankShift = totals.MeanRankShift(nominal);
        }
        for (int r = 0; r < rows.Count; r++)
        {
            countries[r] ??= CountryUncertainty.Unranked(coverage[r]);
        }
        return new UncertaintyResult(countries, meanRankShift, settings.Draws, ranked);
    }

    /// <param name="nominal">The nominal rank of each member.</param>
    private static Accumulator RunDraws(Methodology m, IReadOnlyList<double[]> rows, int[] members, int[] nominal,
        UncertaintySettings settings, CancellationToken cancellationToken)
    {
        var evaluator = new CohortEvaluator(m, rows, members);
        var rules = settings.Aggregations.Count > 0 ? settings.Aggregations : [m.Root.Aggregation];
        var total = new Accumulator(members.Length);
        int chunks = (settings.Draws + ChunkSize - 1) / ChunkSize;
        // Never more workers than cores: extra ones only queue for a core and hold thread-pool threads that
        // requests (and the callbacks that cancel them) need.
        int workers = settings.MaxDegreeOfParallelism > 0 ? settings.MaxDegreeOfParallelism : Environment.ProcessorCount;
        var options = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = workers };
        Parallel.For(0, chunks, options,
            () => new Worker(m, evaluator, nominal, rules, settings),
            (chunk, state, worker) =>
            {
                int end = Math.Min(settings.Draws, (chunk + 1) * ChunkSize);
                for (int d = chunk * ChunkSize; d < end; d++)
                {
                    worker.Draw(d);
                }
                if (cancellationToken.IsCancellationRequested)
                {
                    state.Stop();
                }
                return worker;
            },
            worker =>
            {
                lock (total)
                {
                    total.Add(worker.Totals);
                }
            });
        cancellationToken.ThrowIfCancellationRequested();
        return total;
    }

    /// <summary>Raw 0–100 scores onto the published scale, rescaled over the finite ones where the methodology asks.</summary>
    internal static void Publish(Methodology m, Span<double> scores)
    {
        var scale = m.Rescale != RescaleRule.None ? CohortScale.From(scores) : null;
        double factor = m.ScaleFactor;
        for (int k = 0; k < scores.Length; k++)
        {
            double raw = scores[k];
            if (double.IsFinite(raw))
            {
                // + 0.0 turns a −0 into +0 and changes nothing else: extremes then cannot depend on draw order.
                scores[k] = ((scale is { } s ? s.Apply(m.Rescale, raw) : raw) * factor) + 0.0;
            }
        }
    }

    /// <summary>
    /// The nearest-rank percentile of ranks counted in <paramref name="histogram"/> (entry r − 1 counts rank r):
    /// the smallest rank whose cumulative count reaches ⌈p·n/100⌉.
    /// </summary>
    internal static int? NearestRank(ReadOnlySpan<int> histogram, int n, int percent)
    {
        if (n == 0)
        {
            return null;
        }
        long target = Math.Max(1, ((long)percent * n + 99) / 100);
        long cumulative = 0;
        for (int r = 0; r < histogram.Length; r++)
        {
            cumulative += histogram[r];
            if (cumulative >= target)
            {
                return r + 1;
            }
        }
        return histogram.Length;
    }

    /// <summary>What the draws leave behind; every part merges exactly and in any order.</summary>
    private sealed class Accumulator
    {
        public Accumulator(int count)
        {
            Count = count;
            Histogram = new int[count * count];
            Low = new double[count];
            High = new double[count];
            Low.AsSpan().Fill(double.PositiveInfinity);
            High.AsSpan().Fill(double.NegativeInfinity);
        }

        public int Count { get; }
        /// <summary>Country k's count of rank r at [k·count + r − 1]; rank samples, draw counts and shifts all follow from it.</summary>
        public int[] Histogram { get; }
        public double[] Low { get; }
        public double[] High { get; }

        public void Add(Accumulator other)
        {
            for (int i = 0; i < Histogram.Length; i++)
            {
                Histogram[i] += other.Histogram[i];
            }
            for (int k = 0; k < Low.Length; k++)
            {
                Low[k] = Math.Min(Low[k], other.Low[k]);
                High[k] = Math.Max(High[k], other.High[k]);
            }
        }

        /// <summary>Draws in which country k had a score.</summary>
        public int RankedDraws(int k)
        {
            int total = 0;
            foreach (int count in Histogram.AsSpan(k * Count, Count))
            {
                total += count;
            }
            return total;
        }

        /// <summary>R_S from the histograms: Σ count·|nominal − rank| over Σ count, in exact integers.</summary>
        public double MeanRankShift(ReadOnlySpan<int> nominal)
        {
            long shift = 0, pairs = 0;
            for (int k = 0; k < Count; k++)
            {
                var histogram = Histogram.AsSpan(k * Count, Count);
                for (int r = 0; r < Count; r++)
                {
                    shift += (long)histogram[r] * Math.Abs(nominal[k] - (r + 1));
                    pairs += histogram[r];
                }
            }
            return pairs > 0 ? (double)shift / pairs : 0;
        }
    }

    /// <summary>One thread's buffers: nothing is allocated per draw.</summary>
    private sealed class Worker
    {
        private readonly Methodology _m;
        private readonly CohortEvaluator _evaluator;
        private readonly CohortEvaluator.Workspace _workspace;
        private readonly IReadOnlyList<Aggregation> _rules;
        private readonly long _seed;
        private readonly double _noise;
        private readonly double[] _weights;
        private readonly double[] _score;
        private readonly int[] _rank;
        private readonly DrawRanker _ranker;

        public Worker(Methodology m, CohortEvaluator evaluator, int[] nominal, IReadOnlyList<Aggregation> rules, UncertaintySettings settings)
        {
            _m = m;
            _evaluator = evaluator;
            _workspace = evaluator.CreateWorkspace();
            _rules = rules;
            _seed = settings.Seed;
            _noise = settings.WeightNoise;
            _weights = (double[])m.Weight.Clone();
            int n = nominal.Length;
            _score = new double[n];
            _rank = new int[n];
            _ranker = new DrawRanker(nominal);
            Totals = new Accumulator(n);
        }

        public Accumulator Totals { get; }

        public void Draw(int draw)
        {
            var random = new DrawRandom(_seed, draw);
            var nominalWeight = _m.Weight;
            for (int i = 1; i < _weights.Length; i++)
            {
                _weights[i] = nominalWeight[i] * (1 + (_noise * ((2 * random.NextDouble()) - 1)));
            }
            var rule = _rules.Count > 1 ? _rules[random.NextIndex(_rules.Count)] : _rules[0];
            _evaluator.Evaluate(_weights, rule, _workspace, _score);
            Publish(_m, _score);

            _ranker.Rank(_score, _rank);
            int n = _score.Length;
            var histogram = Totals.Histogram;
            var low = Totals.Low;
            var high = Totals.High;
            for (int k = 0; k < n; k++)
            {
                int rank = _rank[k];
                if (rank == 0)
                {
                    continue;
                }
                histogram[(k * n) + rank - 1]++;
                // Published scores are never −0 (see Publish), so plain comparisons are order-free.
                double s = _score[k];
                if (s < low[k])
                {
                    low[k] = s;
                }
                if (s > high[k])
                {
                    high[k] = s;
                }
            }
        }
    }
}
