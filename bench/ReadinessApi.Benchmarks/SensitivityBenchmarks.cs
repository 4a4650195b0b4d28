using BenchmarkDotNet.Attributes;
using ReadinessApi.Scoring;
using ReadinessApi.Scoring.Tests.Uncertainty;
using ReadinessApi.Scoring.Uncertainty;

namespace ReadinessApi.Benchmarks;

/// <summary>
/// The uncertainty engine against the straightforward draw-by-draw loop (the test oracle, single-threaded),
/// in the same run: 10,000 draws over an 83-country cohort with the seven GAII sub-pillars. The cohort is
/// the GAII 2024 table from ../shared/data where that exists (read at run time, never copied), otherwise
/// a synthetic one of the same shape.
/// <c>dotnet run -c Release --project bench/ReadinessApi.Benchmarks -- --filter '*Sensitivity*'</c>
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class SensitivityBenchmarks
{
    private const int Draws = 10_000;
    private Methodology _methodology = null!;
    private List<double[]> _rows = null!;
    private UncertaintySettings _settings = null!;
    private AggregationRule[] _rules = [];

    /// <summary>Root rules drawn per draw: the methodology's own, or arithmetic and geometric.</summary>
    [Params("own", "arithmetic+geometric")]
    public string Aggregations { get; set; } = "own";

    [GlobalSetup]
    public void Setup()
    {
        _methodology = MethodologyCatalog.Embedded["gaii-2021"];
        _rows = SensitivityCohort.Gaii2024(_methodology, out string source);
        Console.WriteLine($"// cohort: {_rows.Count} countries from {source}");
        _rules = Aggregations == "own" ? [] : [AggregationRule.Arithmetic, AggregationRule.Geometric];
        _settings = new UncertaintySettings
        {
            Draws = Draws,
            WeightNoise = 0.25,
            Seed = 42,
            Aggregations = _rules.Select(r => new Aggregation(r)).ToArray(),
        };
    }

    [Benchmark(Baseline = true, Description = "naive loop, 1 thread")]
    public double Naive() => NaiveUncertainty.Run(_methodology, _rows, Draws, 0.25, _rules, 42).MeanRankShift;

    [Benchmark(Description = "engine, 1 thread")]
    public double EngineOneThread() => UncertaintyAnalysis.Run(_methodology, _rows, _settings with { MaxDegreeOfParallelism = 1 }).MeanRankShift;

    [Benchmark(Description = "engine, all cores")]
    public double Engine() => UncertaintyAnalysis.Run(_methodology, _rows, _settings).MeanRankShift;
}
