using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ReadinessApi.Scoring.Tests.Support;

namespace ReadinessApi.Scoring.Tests.Properties;

/// <summary>
/// Laws every score must obey, checked on hundreds of generated input rows over the shipped methodologies
/// and variants with every aggregation rule (<see cref="ScoreCases.AllRules"/>).
/// </summary>
public sealed class ScorerPropertyTests
{
    // About 70% of generated rows have enough data for a score; 500 leaves hundreds that do.
    private const int Cases = 500;

    [Property(MaxTest = Cases)]
    public Property Score_AnyInputs_LiesWithinTheMethodologysScale() =>
        Prop.ForAll(ScoreCases.Any(ScoreCases.AllRules).ToArbitrary(), c =>
        {
            var result = Score(c);

            if (result.Score is { } score)
            {
                Assert.InRange(score, 0, c.Methodology.Document.Scale.Max);
            }
            else
            {
                // No score only for want of data, and then the response says so.
                Assert.True(result.Coverage < c.Methodology.MinCoverage, $"no score at coverage {result.Coverage}");
                Assert.NotEqual(NodeFlags.None, result.Nodes[0].Flags & (NodeFlags.BelowCoverage | NodeFlags.Missing));
            }
            foreach (var node in result.Nodes.Where(n => n.HasValue))
            {
                Assert.InRange(node.Normalized, 0, 100);
                Assert.InRange(node.Coverage, 0, 1);
            }
        });

    [Property(MaxTest = Cases)]
    public Property Contributions_AnyRule_SumToTheScore() =>
        Prop.ForAll(ScoreCases.Any(ScoreCases.AllRules).ToArbitrary(), c =>
        {
            var result = Score(c);
            if (result.Score is not { } score)
            {
                return;
            }
            var m = c.Methodology;

            Assert.Equal(score, m.Pillars.Sum(p => result.Nodes[p].Contribution), 1e-9);
            foreach (int i in Explained(result))
            {
                double children = m.Nodes[i].Children.Sum(ch => result.Nodes[ch].Contribution);
                Assert.True(Math.Abs(children - result.Nodes[i].Contribution) <= 1e-9,
                    $"{m.Nodes[i].Id}: children sum to {children}, node contributes {result.Nodes[i].Contribution}");
            }
            // The finest level the explanation reaches (leaves, or nodes given directly) sums to the score too.
            double frontier = Enumerable.Range(0, m.Count)
                .Where(i => i > 0 && result.Nodes[i].HasValue && (m.Nodes[i].IsLeaf || result.Nodes[i].Flags.HasFlag(NodeFlags.Given)))
                .Sum(i => result.Nodes[i].Contribution);
            Assert.Equal(score, frontier, 1e-9);
        });

    [Property(MaxTest = Cases)]
    public Property Contributions_AllLeavesGiven_LeavesSumToTheScore() =>
        Prop.ForAll(ScoreCases.AllLeaves(ScoreCases.AllRules).ToArbitrary(), c =>
        {
            var result = Score(c);
            var leaves = c.Methodology.Nodes.Where(n => n.IsLeaf).Select(n => result.Nodes[n.Index]).ToArray();

            Assert.Equal(result.Score!.Value, leaves.Sum(n => n.Contribution), 1e-9);
            Assert.Equal(1, leaves.Sum(n => n.EffectiveWeight), 1e-12);
        });

    [Property(MaxTest = Cases)]
    public Property EffectiveWeights_NodesWithData_SumToOneAtEachLevel() =>
        Prop.ForAll(ScoreCases.Any(ScoreCases.AllRules).ToArbitrary(), c =>
        {
            var result = Score(c);
            if (result.Score is null)
            {
                return;
            }
            var m = c.Methodology;

            Assert.Equal(1, m.Pillars.Where(p => result.Nodes[p].HasValue).Sum(p => result.Nodes[p].EffectiveWeight), 1e-12);
            foreach (int i in Explained(result))
            {
                // Re-weighting over the children that had data keeps the parent's whole weight below it.
                double children = m.Nodes[i].Children.Where(ch => result.Nodes[ch].HasValue).Sum(ch => result.Nodes[ch].EffectiveWeight);
                Assert.True(Math.Abs(children - result.Nodes[i].EffectiveWeight) <= 1e-12,
                    $"{m.Nodes[i].Id}: children's effective weights {children}, node {result.Nodes[i].EffectiveWeight}");
            }
        });

    [Property(MaxTest = Cases)]
    public Property Score_RaisingOneInput_NeverLowersIt()
    {
        // Every leaf of the shipped trees has direction +1, so more of anything is never worse.
        var gen = ScoreCases.Any(ScoreCases.AllRules).Where(c => c.Inputs.Length > 0)
            .SelectMany(c => Gen.Choose(0, c.Inputs.Length - 1).Zip(Gen.Choose(1, 1_000_000), (k, f) => (Case: c, Which: k, Fraction: f / 1_000_000.0)));
        return Prop.ForAll(gen.ToArbitrary(), x =>
        {
            var (c, which, fraction) = x;
            var m = c.Methodology;
            var (id, before) = c.Inputs[which];
            double top = m[id].InputScale.Max;
            double after = Math.Min(top, before + (top - before) * fraction);
            var raised = c.Inputs.Select((kv, i) => i == which ? KeyValuePair.Create(id, after) : kv).ToArray();

            var a = Score(c);
            var b = TestScorer.Score(m, raised);

            Assert.Equal(a.Score.HasValue, b.Score.HasValue);
            if (a.Score is { } s)
            {
                Assert.True(b.Score >= s, $"{id} {before} → {after}: score {s} → {b.Score}");
            }
        });
    }

    [Property(MaxTest = Cases)]
    public Property Score_AllWeightsTimesAConstant_IsUnchanged()
    {
        // Weights are relative: only their ratios among siblings matter. c spans 1e-3 … 1e3.
        var gen = ScoreCases.Any(ScoreCases.AllRules).Zip(Gen.Choose(-3000, 3000), (c, k) => (Case: c, Factor: Math.Pow(10, k / 1000.0)));
        return Prop.ForAll(gen.ToArbitrary(), x =>
        {
            var (c, factor) = x;
            var m = c.Methodology;
            var scaled = m.WithWeights(m.Nodes.Skip(1).ToDictionary(n => n.Id, n => n.Weight * factor));

            var a = Score(c);
            var b = TestScorer.Score(scaled, c.Inputs);

            Assert.Equal(a.Score.HasValue, b.Score.HasValue);
            Assert.Equal(a.Coverage, b.Coverage, 1e-12);
            if (a.Score is { } s)
            {
                Assert.True(Math.Abs(b.Score!.Value - s) <= 1e-12 * Math.Max(1, s), $"×{factor}: {s} → {b.Score}");
                Assert.Equal(a.Tier, b.Tier);
                for (int i = 0; i < m.Count; i++)
                {
                    Assert.Equal(a.Nodes[i].EffectiveWeight, b.Nodes[i].EffectiveWeight, 1e-12);
                }
            }
        });
    }

    [Property(MaxTest = Cases)]
    public Property Score_InputsInAnyOrder_IsIdentical()
    {
        var gen = ScoreCases.Any(ScoreCases.AllRules).SelectMany(c => Gen.Shuffle(c.Inputs).Select(shuffled => (Case: c, Shuffled: shuffled)));
        return Prop.ForAll(gen.ToArbitrary(), x =>
        {
            var (c, shuffled) = x;
            // Dictionaries enumerate in insertion order: the two differ in the order the binder sees them.
            var a = TestScorer.Score(c.Methodology, new Dictionary<string, double>(c.Inputs));
            var b = TestScorer.Score(c.Methodology, new Dictionary<string, double>(shuffled));

            Assert.Equal(a.Score, b.Score);
            Assert.Equal(a.RawScore, b.RawScore);
            Assert.Equal(a.Tier, b.Tier);
            Assert.Equal(a.Bottleneck, b.Bottleneck);
            Assert.Equal(a.NextTier, b.NextTier);
            Assert.Equal(a.PointsToNextTier, b.PointsToNextTier);
            Assert.Equal(a.Nodes, b.Nodes); // every field of every node, bit for bit
        });
    }

    private static ScoreResult Score(ScoreCase c) => TestScorer.Score(c.Methodology, c.Inputs);

    /// <summary>Inner nodes whose value was split among their children: aggregated (not given) and on the explained path.</summary>
    private static IEnumerable<int> Explained(ScoreResult result) =>
        Enumerable.Range(0, result.Methodology.Count).Where(i =>
            !result.Methodology.Nodes[i].IsLeaf
            && result.Nodes[i].HasValue
            && (result.Nodes[i].Flags & (NodeFlags.Given | NodeFlags.Superseded)) == 0);
}
