using ReadinessApi.Scoring.Analysis;
using ReadinessApi.Scoring.Uncertainty;

namespace ReadinessApi.Scoring.Tests.Analysis;

/// <summary>
/// The variance-based analysis's runs written the obvious way, as an oracle for the engine and as the
/// benchmark's baseline: one run after another over the same <see cref="SaltelliDesign"/>, each country
/// through <see cref="Scorer.Evaluate"/>, ranks from <see cref="Ranking.Competition"/>. It shares the data
/// treatments (<see cref="VarianceAnalysis.Normalised"/>, <see cref="VarianceAnalysis.Imputed"/>) with the
/// engine, and scores their 0–100 leaves through a copy of the methodology whose goalposts are 0 and 100.
/// Kept free of test-framework types so the benchmark project can compile it too.
/// </summary>
public static class NaiveVariance
{
    /// <summary>Per run: the mean absolute rank shift against the nominal ranking, and <paramref name="country"/>'s rank (0 without one).</summary>
    public static (double[] Shift, double[] Rank) Outputs(Methodology m, IReadOnlyList<double[]> rows, SaltelliDesign design,
        IReadOnlyList<string> factors, IReadOnlyList<AggregationRule> rules, double noise, int? country = null)
    {
        var identity = Identity(m);
        var goalposts = VarianceAnalysis.Normalised(m, rows, minMax: false);
        var minMax = VarianceAnalysis.Normalised(m, rows, minMax: true);
        var treatments = new[] { goalposts, VarianceAnalysis.Imputed(m, goalposts), minMax, VarianceAnalysis.Imputed(m, minMax) };
        var nominalWeights = m.Nodes.Select(x => x.Weight).ToArray();
        var nominal = Ranking.Competition(Scores(identity, m, goalposts, nominalWeights, null), out _);
        var members = Enumerable.Range(0, rows.Count).Where(r => nominal[r] > 0).ToArray();

        var shift = new double[design.Runs];
        var rank = new double[design.Runs];
        var point = new double[design.Factors];
        for (int run = 0; run < design.Runs; run++)
        {
            design.Point(run, point);
            var weights = (double[])nominalWeights.Clone();
            AggregationRule? rule = null;
            int treatment = 0;
            for (int f = 0; f < factors.Count; f++)
            {
                switch (factors[f])
                {
                    case "aggregation": rule = rules[Math.Min(rules.Count - 1, (int)(point[f] * rules.Count))]; break;
                    case "normalisation": treatment += point[f] < 0.5 ? 0 : 2; break;
                    case "missingData": treatment += point[f] < 0.5 ? 0 : 1; break;
                    default:
                        int node = m[factors[f]].Index;
                        weights[node] = nominalWeights[node] * (1 + (noise * ((2 * point[f]) - 1)));
                        break;
                }
            }
            var memberRows = members.Select(r => treatments[treatment][r]).ToArray();
            var ranks = Ranking.Competition(Scores(identity, m, memberRows, weights, rule), out int ranked);
            double total = 0;
            for (int k = 0; k < members.Length; k++)
            {
                if (ranks[k] > 0)
                {
                    total += Math.Abs(ranks[k] - nominal[members[k]]);
                }
            }
            shift[run] = ranked > 0 ? total / ranked : 0;
            if (country is { } c)
            {
                int k = Array.IndexOf(members, c);
                rank[run] = ranks[k] > 0 ? ranks[k] : ranked + 1;
            }
        }
        return (shift, rank);
    }

    private static double[] Scores(Methodology identity, Methodology m, IReadOnlyList<double[]> rows, double[] weights, AggregationRule? rule)
    {
        var value = new double[m.Count];
        var coverage = new double[m.Count];
        var flags = new NodeFlags[m.Count];
        var scores = rows.Select(r => Scorer.Evaluate(identity, r, weights, rule, value, coverage, flags)).ToArray();
        UncertaintyAnalysis.Publish(m, scores);
        return scores;
    }

    /// <summary><paramref name="m"/> with every leaf's goalposts at 0 and 100: it scores leaves already on 0–100 as they are (to rounding).</summary>
    private static Methodology Identity(Methodology m)
    {
        static NodeDocument Rewrite(NodeDocument n) => n.Children.Count == 0
            ? n with { Normalisation = new Goalposts(0, 100), InputScale = null }
            : n with { Children = [.. n.Children.Select(Rewrite)] };
        return Methodology.Compile(m.Document with { Root = Rewrite(m.Document.Root) });
    }
}
