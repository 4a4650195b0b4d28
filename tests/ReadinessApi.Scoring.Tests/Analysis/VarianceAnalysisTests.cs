using System.Text.Json;
using ReadinessApi.Scoring.Analysis;
using ReadinessApi.Scoring.Tests.Support;
using ReadinessApi.Scoring.Tests.Uncertainty;

namespace ReadinessApi.Scoring.Tests.Analysis;

public class VarianceAnalysisTests
{
    private const double NaN = double.NaN;
    private static readonly MethodologyCatalog Catalog = MethodologyCatalog.Embedded;
    private static readonly Aggregation[] ArithmeticOrGeometric = [Aggregation.Arithmetic, new(AggregationRule.Geometric)];

    private static VarianceSettings Settings(params string[] factors) => new()
    {
        BaseSamples = 300,
        WeightNoise = 0.25,
        Aggregations = ArithmeticOrGeometric,
        Factors = factors,
        Resamples = 100,
        Seed = 42,
    };

    [Fact]
    public void Run_SameSeed_SameAnswerOnOneCoreOrMany()
    {
        var m = Catalog["readiness-v1"];
        var rows = SyntheticCohort.Create(m, 83, seed: 4, missingShare: 0.15);

        var one = VarianceAnalysis.Run(m, rows, Settings() with { MaxDegreeOfParallelism = 1 }, country: 5);
        var many = VarianceAnalysis.Run(m, rows, Settings() with { MaxDegreeOfParallelism = 4 }, country: 5);

        Assert.Equal(JsonSerializer.Serialize(one), JsonSerializer.Serialize(many));
        Assert.Equal(["innovation", "implementation", "investment", "computeAccess", "aggregation", "normalisation", "missingData"],
            one.Factors.Select(f => f.Name));
        Assert.Equal(300 * 9, one.Runs);
    }

    /// <summary>The engine's runs against the obvious loop over the same design: the same outputs, so the same indices.</summary>
    [Theory]
    [InlineData("readiness-v1", 0.15)]
    [InlineData("gaii-2021", 0.0)]
    public void Run_MatchesTheNaiveLoopOverTheSameDesign(string methodology, double missingShare)
    {
        var m = Catalog[methodology];
        var rows = SyntheticCohort.Create(m, 60, seed: 8, missingShare);
        var settings = Settings([.. m.Pillars.Take(2).Select(p => m.Nodes[p].Id), "aggregation", "normalisation", "missingData"]);

        var engine = VarianceAnalysis.Run(m, rows, settings, country: 3);
        var design = new SaltelliDesign(settings.BaseSamples, settings.Factors.Count, settings.Seed);
        var (shift, rank) = NaiveVariance.Outputs(m, rows, design, settings.Factors, [AggregationRule.Arithmetic, AggregationRule.Geometric],
            settings.WeightNoise, country: 3);
        var naiveShift = SobolEstimator.Estimate(shift, design, settings.Resamples, out double variance);
        var naiveRank = SobolEstimator.Estimate(rank, design, settings.Resamples, out _);

        Assert.True(variance > 0);
        for (int f = 0; f < settings.Factors.Count; f++)
        {
            Assert.Equal(naiveShift[f].First, engine.MeanRankShift.Indices[f].First, 9);
            Assert.Equal(naiveShift[f].Total, engine.MeanRankShift.Indices[f].Total, 9);
            Assert.Equal(naiveRank[f].Total, engine.Country!.Indices[f].Total, 9);
        }
    }

    [Fact]
    public void Run_WeightOfAPillarNoMemberHas_ChangesNothing_TotalIndexZero()
    {
        var m = Catalog["readiness-v1"];
        var investment = m["investment"];
        var rows = SyntheticCohort.Create(m, 50, seed: 2);
        foreach (var row in rows)
        {
            foreach (int leaf in investment.Children)
            {
                row[leaf] = NaN;
            }
        }

        var result = VarianceAnalysis.Run(m, rows, Settings("innovation", "investment", "computeAccess"));

        var index = result.MeanRankShift.Indices[1];
        Assert.Equal(0, index.Total);
        Assert.Equal(0, index.TotalHigh);
        Assert.True(result.MeanRankShift.Indices[0].Total > 0.05);
    }

    [Fact]
    public void Run_OneUncertainFactor_FirstAndTotalAreOne()
    {
        var m = Catalog["readiness-v1"];
        var rows = SyntheticCohort.Create(m, 83, seed: 6);

        var result = VarianceAnalysis.Run(m, rows, Settings("normalisation") with { BaseSamples = 2000 });

        var index = result.MeanRankShift.Indices[0];
        Assert.True(result.MeanRankShift.Variance > 0);
        Assert.True(Math.Abs(index.First - 1) < 0.06, $"S = {index.First}");
        Assert.True(Math.Abs(index.Total - 1) < 0.06, $"ST = {index.Total}");
    }

    [Theory]
    [InlineData("nope", "factors[0]", "'nope' is not a factor of 'readiness-v1'")]
    [InlineData("readiness", "factors[0]", "'readiness' is not a factor")]
    [InlineData("aggregation", "factors[0]", "'aggregation' has no alternative")]
    public void Problem_BadFactor_NamesTheField(string factor, string field, string message)
    {
        var problem = VarianceAnalysis.Problem(Catalog["readiness-v1"], Settings(factor) with { Aggregations = [Aggregation.Arithmetic] });

        Assert.Equal(field, problem!.Value.Field);
        Assert.Contains(message, problem.Value.Message);
    }

    [Fact]
    public void Problem_WeightWithoutNoiseOrAnOnlyChild_HasNoAlternative()
    {
        var m = Catalog["readiness-v1"];
        Assert.Contains("weightNoise is 0", VarianceAnalysis.Problem(m, Settings("normalisation", "talent") with { WeightNoise = 0 })!.Value.Message);
        Assert.Equal("factors[1]", VarianceAnalysis.Problem(m, Settings("normalisation", "normalisation"))!.Value.Field);
        var only = Methodology.Compile(Tiny.Document(Tiny.Inner("root", 1, null, Tiny.Inner("p", 1, null, Tiny.Leaf("a"), Tiny.Leaf("b")), Tiny.Leaf("c"))));
        Assert.Null(VarianceAnalysis.Problem(only, Settings("p", "a")));
        var lonely = Methodology.Compile(Tiny.Document(Tiny.Inner("root", 1, null, Tiny.Inner("p", 1, null, Tiny.Leaf("a")), Tiny.Leaf("c"))));
        Assert.Contains("only child", VarianceAnalysis.Problem(lonely, Settings("a"))!.Value.Message);
    }

    /// <summary>
    /// Leaf a (goalposts 0–200) over three members 10, 20, 30 and one missing: goalposts give 5, 10, 15; min–max over
    /// the cohort gives 0, 50, 100. Reversed leaf b (0–100, direction −1) at 40, 60, 80: min–max gives 100, 50, 0.
    /// </summary>
    [Fact]
    public void Normalised_MinMaxOverTheCohort_AndGoalposts()
    {
        var m = Methodology.Compile(Tiny.Document(Tiny.Inner("root", 1, null,
            Tiny.Leaf("a", goalposts: new Goalposts(0, 200), inputScale: new ValueRange(0, 200)),
            Tiny.Leaf("b", goalposts: new Goalposts(0, 100, Direction: -1)))));
        double[][] rows = [[NaN, 10, 40], [NaN, 20, 60], [NaN, 30, 80], [NaN, NaN, 50]];

        var goalposts = VarianceAnalysis.Normalised(m, rows, minMax: false);
        var minMax = VarianceAnalysis.Normalised(m, rows, minMax: true);

        Assert.Equal([5, 10, 15, NaN], goalposts.Select(r => r[1]));
        Assert.Equal([0, 50, 100, NaN], minMax.Select(r => r[1]));
        Assert.Equal([100, 50, 0, 75], minMax.Select(r => r[2]));
        Assert.Equal([60, 40, 20, 50], goalposts.Select(r => r[2]));
    }

    /// <summary>
    /// TwoLevel: a member without a2 gets the mean of the others' a2 (10 and 30: 20); a member that gives pillarA
    /// directly keeps its leaves empty (the pillar's value stands); nobody has c2, so it stays missing.
    /// </summary>
    [Fact]
    public void Imputed_TheCohortMeanForAMissingNode_OnlyWhereNothingAboveOrBelowIsGiven()
    {
        var m = Tiny.TwoLevel();
        int a2 = m["a2"].Index, pillarA = m["pillarA"].Index, a1 = m["a1"].Index, c2 = m["c2"].Index;
        double[] Row(double? pa, double? x1, double? x2)
        {
            var row = Enumerable.Repeat(NaN, m.Count).ToArray();
            row[pillarA] = pa ?? NaN;
            row[a1] = x1 ?? NaN;
            row[a2] = x2 ?? NaN;
            return row;
        }
        double[][] rows = [Row(null, 50, 10), Row(null, 60, 30), Row(null, 70, null), Row(40, null, null)];

        var imputed = VarianceAnalysis.Imputed(m, rows);

        Assert.Equal(20, imputed[2][a2]);
        Assert.True(double.IsNaN(imputed[3][a2]) && double.IsNaN(imputed[3][a1]));
        Assert.True(imputed.All(r => double.IsNaN(r[c2])));
        Assert.Equal(40, imputed[3][pillarA]);
    }
}
