using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ReadinessApi.Scoring.Tests.Support;

namespace ReadinessApi.Scoring.Tests.Properties;

/// <summary>
/// The bulk row scorer (batch, cohort rankings, what-if cohorts) and the explained single score are one
/// statement of the rules: the same raw score, coverage, missing nodes, pillar values and published score
/// for every row, and a score whose scale depends on it is computed in one pass.
/// </summary>
public sealed class RowScorerPropertyTests
{
    private const int Cases = 300;

    [Property(MaxTest = Cases)]
    public Property RowScorer_AnyInputs_AgreesWithTheExplainedScore() =>
        Prop.ForAll(ScoreCases.Any(ScoreCases.AllRules).ToArbitrary(), c =>
        {
            var m = c.Methodology;
            var row = new double[m.Count];
            InputBinder.Bind(m, c.Inputs, row);
            var single = Scorer.Score(m, row);
            var scorer = new RowScorer(m);
            var pillars = new double[m.Pillars.Count];

            double raw = scorer.Evaluate(row);
            scorer.Pillars(row, pillars);

            Assert.Equal(single.RawScore, raw);
            Assert.Equal(single.Coverage, scorer.Coverage);
            Assert.Equal(single.Missing, scorer.Missing());
            Assert.Equal(m.Pillars.Select(p => single.Nodes[p].Value), pillars.Select(x => x));
            Assert.Equal(single.Score ?? double.NaN, m.Publish(raw, null));
            if (single.Score is null)
            {
                Assert.Equal(CoverageReport.Message(m, single.Coverage, single.Missing), scorer.Shortfall());
            }
        });

    [Fact]
    public void Score_WithAScaleChosenFromTheRawScore_RunsOnceAndEqualsTheFixedScale()
    {
        var m = MethodologyCatalog.Embedded["gaii-2021"];
        var row = new double[m.Count];
        InputBinder.Bind(m, m.Pillars.Select(p => KeyValuePair.Create(m.Nodes[p].Id, 40.0)), row);
        var scale = new CohortScale(20, 60);
        var asked = new List<double>();

        var chosen = Scorer.Score(m, row, raw =>
        {
            asked.Add(raw);
            return scale;
        });
        var fixedScale = Scorer.Score(m, row, scale);

        Assert.Equal([fixedScale.RawScore], asked);
        Assert.True(chosen.Rescaled);
        Assert.Equal(fixedScale.Score, chosen.Score);
        Assert.Equal(fixedScale.PointsToNextTier, chosen.PointsToNextTier);
        Assert.Equal(fixedScale.Nodes.Select(n => n.Contribution), chosen.Nodes.Select(n => n.Contribution));
    }
}
