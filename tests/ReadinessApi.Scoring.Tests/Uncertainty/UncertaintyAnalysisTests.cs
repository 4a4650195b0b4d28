using System.Text.Json;
using ReadinessApi.Scoring.Uncertainty;

namespace ReadinessApi.Scoring.Tests.Uncertainty;

public class UncertaintyAnalysisTests
{
    private static readonly MethodologyCatalog Catalog = MethodologyCatalog.Embedded;
    private static readonly Aggregation[] ArithmeticOrGeometric = [new(AggregationRule.Arithmetic), new(AggregationRule.Geometric)];

    [Theory]
    [InlineData("gaii-2021", 0.0)]
    [InlineData("readiness-v1", 0.0)]
    [InlineData("readiness-v1", 0.2)]
    [InlineData("readiness-v1-balanced", 0.1)]
    [InlineData("imf-aipi-2023", 0.0)]
    public void Run_ZeroNoiseAndOwnRule_EveryIntervalCollapsesToTheNominal(string methodology, double missingShare)
    {
        var m = Catalog[methodology];
        var rows = SyntheticCohort.Create(m, 83, seed: 7, missingShare, pillarShare: 0.2);

        var result = UncertaintyAnalysis.Run(m, rows, new UncertaintySettings { Draws = 300, WeightNoise = 0, Seed = 1 });

        Assert.True(result.Ranked > 10);
        Assert.Equal(0, result.MeanRankShift);
        foreach (var c in result.Countries.Where(c => c.IsRanked))
        {
            Assert.Equal(c.Rank, c.MedianRank);
            Assert.Equal(c.Rank, c.P5Rank);
            Assert.Equal(c.Rank, c.P95Rank);
            Assert.Equal(c.Score, c.ScoreLow);
            Assert.Equal(c.Score, c.ScoreHigh);
            Assert.Equal(300, c.RankedDraws);
        }
    }

    [Fact]
    public void Run_ZeroNoise_NominalScoresAreTheScorersPublishedScores()
    {
        var m = Catalog["gaii-2021"];
        var rows = SyntheticCohort.Create(m, 40, seed: 3);
        var raw = rows.Select(r => Scorer.Score(m, r).RawScore).ToArray();
        var scale = CohortScale.From(raw);

        var result = UncertaintyAnalysis.Run(m, rows, new UncertaintySettings { Draws = 10, WeightNoise = 0 });

        for (int r = 0; r < rows.Count; r++)
        {
            Assert.Equal(Scorer.Score(m, rows[r], scale).Score, result.Countries[r].Score);
        }
        // cohortMinMax: the leader scores 100 and the last 0 in every draw.
        Assert.Equal(100, result.Countries.Max(c => c.ScoreHigh));
        Assert.Equal(0, result.Countries.Min(c => c.ScoreLow));
    }

    [Theory]
    [InlineData("gaii-2021")]
    [InlineData("readiness-v1")]
    public void Run_NoiseWithOneRule_NominalRankLiesWithinP5AndP95ForNearlyAll(string methodology)
    {
        var m = Catalog[methodology];
        var rows = SyntheticCohort.Create(m, 83, seed: 11);

        var result = UncertaintyAnalysis.Run(m, rows, new UncertaintySettings { Draws = 2000, WeightNoise = 0.25, Seed = 42 });

        var ranked = result.Countries.Where(c => c.IsRanked).ToArray();
        int inside = ranked.Count(c => c.P5Rank <= c.Rank && c.Rank <= c.P95Rank);
        Assert.True(inside >= 0.9 * ranked.Length, $"{inside} of {ranked.Length} nominal ranks lie within [p5, p95].");
        Assert.True(result.MeanRankShift > 0, "noise should move some ranks");
        Assert.All(ranked, c => Assert.True(c.P5Rank <= c.MedianRank && c.MedianRank <= c.P95Rank));
        Assert.All(ranked, c => Assert.True(c.ScoreLow <= c.Score && c.Score <= c.ScoreHigh));
    }

    [Theory]
    [InlineData("gaii-2021")]
    [InlineData("readiness-v1")]
    [InlineData("readiness-v1-balanced")]
    public void Run_CountryDominatingOnEveryInput_NeverSwaps(string methodology)
    {
        var m = Catalog[methodology];
        var leaves = m.Nodes.Where(x => x.IsLeaf).ToArray();
        var strong = Bind(m, leaves.Select((x, i) => (x.Id, 60.0 + i)));
        var weak = Bind(m, leaves.Select((x, i) => (x.Id, 59.0 + (i % 2))));

        var result = UncertaintyAnalysis.Run(m, [weak, strong],
            new UncertaintySettings { Draws = 5000, WeightNoise = 1, Aggregations = ArithmeticOrGeometric, Seed = 5 });

        Assert.Equal((1, 1, 1, 1), Ranks(result.Countries[1]));
        Assert.Equal((2, 2, 2, 2), Ranks(result.Countries[0]));
        Assert.Equal(0, result.MeanRankShift);

        static (int?, int?, int?, int?) Ranks(CountryUncertainty c) => (c.Rank, c.MedianRank, c.P5Rank, c.P95Rank);
    }

    [Theory]
    [InlineData("gaii-2021", 0.0, 0.0)]
    [InlineData("gaii-2021", 0.15, 0.0)]
    [InlineData("readiness-v1", 0.15, 0.3)]
    [InlineData("readiness-v1-balanced", 0.1, 0.3)]
    [InlineData("imf-aipi-2023", 0.1, 0.0)]
    public void Run_FixedSeed_MatchesTheNaiveImplementation(string methodology, double missingShare, double pillarShare)
    {
        var m = Catalog[methodology];
        var rows = SyntheticCohort.Create(m, 15, seed: 23, missingShare, pillarShare);
        var rules = new[] { AggregationRule.Arithmetic, AggregationRule.Geometric, AggregationRule.Minimum };

        var engine = UncertaintyAnalysis.Run(m, rows, new UncertaintySettings
        {
            Draws = 700, WeightNoise = 0.4, Seed = 2024, Aggregations = rules.Select(r => new Aggregation(r)).ToArray(),
        });
        var naive = NaiveUncertainty.Run(m, rows, 700, 0.4, rules, 2024);

        Assert.Equal(naive.MeanRankShift, engine.MeanRankShift, 12);
        for (int r = 0; r < rows.Count; r++)
        {
            var e = engine.Countries[r];
            var expected = naive.Countries[r];
            // Same operations in the same order: equal to the last bit, not merely close.
            Assert.Equal(expected, new NaiveUncertainty.Country(e.Score, e.Rank, e.MedianRank, e.P5Rank, e.P95Rank, e.ScoreLow, e.ScoreHigh, e.RankedDraws));
        }
    }

    [Fact]
    public void Run_OneRuleOffered_MatchesTheNaiveImplementationWithThatRule()
    {
        var m = Catalog["readiness-v1"];
        var rows = SyntheticCohort.Create(m, 20, seed: 99);

        var engine = UncertaintyAnalysis.Run(m, rows, new UncertaintySettings
        {
            Draws = 400, WeightNoise = 0.25, Seed = -17, Aggregations = [new(AggregationRule.Geometric)],
        });
        var naive = NaiveUncertainty.Run(m, rows, 400, 0.25, [AggregationRule.Geometric], -17);

        Assert.Equal(naive.Countries.Select(c => (c.MedianRank, c.P5Rank, c.P95Rank, c.ScoreLow, c.ScoreHigh)),
            engine.Countries.Select(c => (c.MedianRank, c.P5Rank, c.P95Rank, c.ScoreLow, c.ScoreHigh)));
    }

    [Fact]
    public async Task Run_SameSeed_IdenticalBytesRepeatedConcurrentlyAndOnAnyThreadCount()
    {
        var m = Catalog["gaii-2021"];
        var rows = SyntheticCohort.Create(m, 83, seed: 5, missingShare: 0.05);
        var settings = new UncertaintySettings { Draws = 3001, WeightNoise = 0.3, Aggregations = ArithmeticOrGeometric, Seed = 42 };
        string Bytes(UncertaintySettings s) => JsonSerializer.Serialize(UncertaintyAnalysis.Run(m, rows, s));

        var reference = Bytes(settings with { MaxDegreeOfParallelism = 1 });
        var concurrent = Enumerable.Range(0, 4).Select(_ => Task.Run(() => Bytes(settings))).ToArray();

        Assert.Equal(reference, Bytes(settings));
        Assert.Equal(reference, Bytes(settings with { MaxDegreeOfParallelism = 2 }));
        Assert.Equal(reference, Bytes(settings with { MaxDegreeOfParallelism = 3 }));
        Assert.All(await Task.WhenAll(concurrent), bytes => Assert.Equal(reference, bytes));
        Assert.NotEqual(reference, Bytes(settings with { Seed = 43 }));
    }

    [Fact]
    public void Run_CountryWithoutEnoughData_IsReportedUnrankedInPlace()
    {
        var m = Catalog["readiness-v1"];
        var rows = SyntheticCohort.Create(m, 5, seed: 1);
        rows.Insert(2, Bind(m, [("innovation", 50.0)]));

        var result = UncertaintyAnalysis.Run(m, rows, new UncertaintySettings { Draws = 50, Seed = 1 });

        Assert.Equal(6, result.Countries.Count);
        Assert.Equal(5, result.Ranked);
        var unranked = result.Countries[2];
        Assert.False(unranked.IsRanked);
        Assert.Null(unranked.Score);
        Assert.Null(unranked.MedianRank);
        Assert.Equal(0.3, unranked.Coverage, 12);
        Assert.Equal([1, 2, 3, 4, 5], result.Countries.Where(c => c.IsRanked).Select(c => c.Rank!.Value).Order());
    }

    [Fact]
    public void Run_TiedCountries_ShareTheBestRankInEveryDraw()
    {
        var m = Catalog["readiness-v1"];
        var same = Bind(m, [("innovation", 40.0), ("implementation", 50.0), ("investment", 30.0), ("computeAccess", 20.0)]);
        var better = Bind(m, [("innovation", 90.0), ("implementation", 90.0), ("investment", 90.0), ("computeAccess", 90.0)]);

        var result = UncertaintyAnalysis.Run(m, [same, better, (double[])same.Clone()], new UncertaintySettings { Draws = 200, Seed = 3 });

        Assert.Equal([1, 2, 2], new[] { result.Countries[1], result.Countries[0], result.Countries[2] }.Select(c => c.P95Rank!.Value));
        Assert.Equal(result.Countries[0], result.Countries[2]);
    }

    [Fact]
    public void Run_CancelledToken_ThrowsAndReturnsNothingPartial()
    {
        var m = Catalog["gaii-2021"];
        var rows = SyntheticCohort.Create(m, 83, seed: 2);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            UncertaintyAnalysis.Run(m, rows, new UncertaintySettings { Draws = 100_000 }, cancelled.Token));
    }

    [Fact]
    public void Run_TokenCancelledMidway_StopsWithinAChunk()
    {
        var m = Catalog["gaii-2021"];
        var rows = SyntheticCohort.Create(m, 83, seed: 2);
        using var cancel = new CancellationTokenSource();
        var settings = new UncertaintySettings { Draws = 10_000_000, Aggregations = ArithmeticOrGeometric };
        long cancelledAt = 0;
        // A thread of its own, so that a busy thread pool cannot delay the cancellation itself.
        var canceller = new Thread(() =>
        {
            Thread.Sleep(100);
            Volatile.Write(ref cancelledAt, System.Diagnostics.Stopwatch.GetTimestamp());
            cancel.Cancel();
        });
        canceller.Start();

        Assert.ThrowsAny<OperationCanceledException>(() => UncertaintyAnalysis.Run(m, rows, settings, cancel.Token));
        var stopping = System.Diagnostics.Stopwatch.GetElapsedTime(Volatile.Read(ref cancelledAt));
        canceller.Join();

        // Ten million draws take half a minute or more; stopping waits only for the chunks in flight.
        Assert.True(stopping < TimeSpan.FromSeconds(2), $"took {stopping} to stop");
    }

    [Theory]
    [InlineData(0, 0.25, "draws")]
    [InlineData(10, -0.1, "weightNoise")]
    [InlineData(10, 1.5, "weightNoise")]
    [InlineData(10, double.NaN, "weightNoise")]
    public void Run_InvalidSettings_ThrowNamingTheSetting(int draws, double noise, string setting)
    {
        var m = Catalog["gaii-2021"];
        var e = Assert.Throws<ArgumentException>(() =>
            UncertaintyAnalysis.Run(m, [], new UncertaintySettings { Draws = draws, WeightNoise = noise }));
        Assert.Contains(setting, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_GeneralisedMeanWithoutExponent_IsNamed()
    {
        var settings = new UncertaintySettings { Aggregations = [new(AggregationRule.GeneralisedMean)] };
        Assert.Contains("aggregations", settings.Problem(), StringComparison.Ordinal);
        Assert.Null((settings with { Aggregations = [new(AggregationRule.GeneralisedMean, -1)] }).Problem());
    }

    [Theory]
    // Ranks 1×2, 2×5, 3×3 (n = 10): p5 → 1st value, p50 → 5th, p95 → 10th.
    [InlineData(5, 1)]
    [InlineData(20, 1)]
    [InlineData(21, 2)]
    [InlineData(50, 2)]
    [InlineData(70, 2)]
    [InlineData(71, 3)]
    [InlineData(95, 3)]
    public void NearestRank_HandWorkedHistogram(int percent, int expected)
    {
        Assert.Equal(expected, UncertaintyAnalysis.NearestRank([2, 5, 3, 0], 10, percent));
    }

    [Fact]
    public void DrawRandom_StreamIsPinned()
    {
        // SplitMix64 from Mix(seed·φ + draw): the stream is part of the reproducibility contract.
        var random = new DrawRandom(42, 0);
        var first = new[] { random.NextUInt64(), random.NextUInt64() };
        var again = new DrawRandom(42, 0);
        Assert.Equal(first, new[] { again.NextUInt64(), again.NextUInt64() });
        Assert.NotEqual(first[0], new DrawRandom(42, 1).NextUInt64());
        Assert.Equal(0xE220A8397B1DCDAFUL, DrawRandom.Mix(0x9E3779B97F4A7C15));
    }

    private static double[] Bind(Methodology m, IEnumerable<(string Id, double Value)> inputs)
    {
        var row = new double[m.Count];
        Assert.Null(InputBinder.Bind(m, inputs.Select(x => KeyValuePair.Create(x.Id, x.Value)), row));
        return row;
    }
}
