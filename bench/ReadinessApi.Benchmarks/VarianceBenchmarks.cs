using BenchmarkDotNet.Attributes;
using ReadinessApi.Scoring;
using ReadinessApi.Scoring.Analysis;
using ReadinessApi.Scoring.Tests.Analysis;

namespace ReadinessApi.Benchmarks;

/// <summary>
/// The variance-based analysis against the straightforward run-by-run loop over the same Saltelli design
/// (the test oracle, single-threaded, with the same estimator on one thread), in the same run: 83 countries
/// (the GAII 2024 table where ../shared/data has it, else synthetic rows of its shape), 6 factors (the three
/// pillars' weights, the root rule, the normalisation, the missing-data treatment) and N = 1,000 base
/// samples: 8,000 evaluations of the cohort, 1,000 bootstrap resamples.
/// <c>dotnet run -c Release --project bench/ReadinessApi.Benchmarks -- --filter '*Variance*'</c>
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class VarianceBenchmarks
{
    private static readonly string[] Factors = ["implementation", "innovation", "investment", "aggregation", "normalisation", "missingData"];
    private Methodology _methodology = null!;
    private List<double[]> _rows = null!;
    private VarianceSettings _settings = null!;

    [GlobalSetup]
    public void Setup()
    {
        _methodology = MethodologyCatalog.Embedded["gaii-2021"];
        _rows = SensitivityCohort.Gaii2024(_methodology, out string source);
        Console.WriteLine($"// cohort: {_rows.Count} countries from {source}");
        _settings = new VarianceSettings
        {
            BaseSamples = 1000,
            WeightNoise = 0.25,
            Aggregations = [Aggregation.Arithmetic, new Aggregation(AggregationRule.Geometric)],
            Factors = Factors,
            Resamples = 1000,
            Seed = 42,
        };
    }

    [Benchmark(Baseline = true, Description = "naive loop, 1 thread")]
    public double Naive()
    {
        var design = new SaltelliDesign(_settings.BaseSamples, Factors.Length, _settings.Seed);
        var (shift, _) = NaiveVariance.Outputs(_methodology, _rows, design, Factors, [AggregationRule.Arithmetic, AggregationRule.Geometric], 0.25);
        return SobolEstimator.Estimate(shift, design, _settings.Resamples, out _, maxDegreeOfParallelism: 1)[0].Total;
    }

    [Benchmark(Description = "engine, 1 thread")]
    public double EngineOneThread() => VarianceAnalysis.Run(_methodology, _rows, _settings with { MaxDegreeOfParallelism = 1 }).MeanRankShift.Indices[0].Total;

    [Benchmark(Description = "engine, all cores")]
    public double Engine() => VarianceAnalysis.Run(_methodology, _rows, _settings).MeanRankShift.Indices[0].Total;
}
