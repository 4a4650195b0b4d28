namespace ReadinessApi.Scoring.Tests.Uncertainty;

/// <summary>
/// The uncertainty analysis written the obvious way, as an oracle for the engine and as the benchmark's
/// baseline: one draw after another, each country through <see cref="Scorer.Evaluate"/>, ranks from
/// <see cref="Ranking.Competition"/>, every draw rank kept in a list and sorted for the percentiles. It shares
/// nothing with the engine but the scorer and the documented random stream, which it re-implements.
/// Kept free of test-framework types so the benchmark project can compile it too.
/// </summary>
public static class NaiveUncertainty
{
    private const ulong Golden = 0x9E3779B97F4A7C15;

    public sealed record Country(double? Score, int? Rank, int? MedianRank, int? P5Rank, int? P95Rank,
        double? ScoreLow, double? ScoreHigh, int RankedDraws);

    public sealed record Result(Country[] Countries, double MeanRankShift);

    public static Result Run(Methodology m, IReadOnlyList<double[]> rows, int draws, double noise,
        IReadOnlyList<AggregationRule> rules, long seed)
    {
        int n = rows.Count;
        var nominalWeights = m.Nodes.Select(x => x.Weight).ToArray();
        var nominal = Scores(m, rows, nominalWeights, null, member: null);
        var nominalRank = Ranking.Competition(nominal, out _);
        var member = nominalRank.Select(r => r > 0).ToArray();

        var samples = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
        var low = Enumerable.Repeat(double.PositiveInfinity, n).ToArray();
        var high = Enumerable.Repeat(double.NegativeInfinity, n).ToArray();
        double shift = 0;
        long pairs = 0;
        for (int d = 0; d < draws; d++)
        {
            ulong state = Mix(unchecked(((ulong)seed * Golden) + (ulong)d));
            double Next()
            {
                state = unchecked(state + Golden);
                return (Mix(state) >> 11) * (1.0 / (1UL << 53));
            }
            var weights = new double[m.Count];
            weights[0] = nominalWeights[0];
            for (int i = 1; i < m.Count; i++)
            {
                weights[i] = nominalWeights[i] * (1 + (noise * ((2 * Next()) - 1)));
            }
            AggregationRule? rule = rules.Count switch
            {
                0 => null,
                1 => rules[0],
                _ => rules[Math.Min(rules.Count - 1, (int)(Next() * rules.Count))],
            };
            var scores = Scores(m, rows, weights, rule, member);
            var ranks = Ranking.Competition(scores, out _);
            for (int r = 0; r < n; r++)
            {
                if (!member[r] || ranks[r] == 0)
                {
                    continue;
                }
                samples[r].Add(ranks[r]);
                shift += Math.Abs(nominalRank[r] - ranks[r]);
                pairs++;
                low[r] = Math.Min(low[r], scores[r]);
                high[r] = Math.Max(high[r], scores[r]);
            }
        }

        var countries = new Country[n];
        for (int r = 0; r < n; r++)
        {
            if (!member[r])
            {
                countries[r] = new Country(null, null, null, null, null, null, null, 0);
                continue;
            }
            var sorted = samples[r].Order().ToArray();
            int? Percentile(int p) => sorted.Length == 0 ? null : sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length / 100.0) - 1)];
            countries[r] = new Country(nominal[r], nominalRank[r], Percentile(50), Percentile(5), Percentile(95),
                sorted.Length == 0 ? null : low[r], sorted.Length == 0 ? null : high[r], sorted.Length);
        }
        return new Result(countries, pairs == 0 ? 0 : shift / pairs);
    }

    /// <summary>Published scores of the rows (NaN: none), rescaled over those that have one; rows outside <paramref name="member"/> get none.</summary>
    private static double[] Scores(Methodology m, IReadOnlyList<double[]> rows, double[] weights, AggregationRule? root, bool[]? member)
    {
        var value = new double[m.Count];
        var coverage = new double[m.Count];
        var flags = new NodeFlags[m.Count];
        var scores = new double[rows.Count];
        for (int r = 0; r < rows.Count; r++)
        {
            scores[r] = member is null || member[r]
                ? Scorer.Evaluate(m, rows[r], weights, root, value, coverage, flags)
                : double.NaN;
        }
        var scale = m.Rescale == RescaleRule.None ? null : CohortScale.From(scores);
        for (int r = 0; r < rows.Count; r++)
        {
            if (double.IsFinite(scores[r]))
            {
                scores[r] = (scale is { } s ? s.Apply(m.Rescale, scores[r]) : scores[r]) * m.ScaleFactor;
            }
        }
        return scores;
    }

    private static ulong Mix(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            return z ^ (z >> 31);
        }
    }
}
