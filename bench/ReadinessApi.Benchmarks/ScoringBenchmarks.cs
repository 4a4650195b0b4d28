using BenchmarkDotNet.Attributes;
using ReadinessApi.Scoring;

namespace ReadinessApi.Benchmarks;

/// <summary>
/// One country scored with its full explanation, the way POST /v1/scores does it: bind the node-id
/// inputs, then score. From the four pillars and from all ten sub-pillars, for readiness-v1
/// (arithmetic: exact shares) and readiness-v1-balanced (geometric root: Shapley values over 2^4
/// coalitions). Target: under 1 µs, and nothing allocated but the result (ScoreResult + NodeScore[]).
/// <c>dotnet run -c Release --project bench/ReadinessApi.Benchmarks -- --filter '*ScoringBenchmarks*' --job short</c>
/// </summary>
[MemoryDiagnoser]
public class ScoringBenchmarks
{
    private Methodology _methodology = null!;
    private Dictionary<string, double> _pillars = null!;
    private Dictionary<string, double> _subPillars = null!;
    private double[] _bound = null!;

    [Params("readiness-v1", "readiness-v1-balanced")]
    public string MethodologyId { get; set; } = "readiness-v1";

    [GlobalSetup]
    public void Setup()
    {
        _methodology = MethodologyCatalog.Embedded[MethodologyId];
        _bound = new double[_methodology.Count];
        // The API's example country; values away from the goalposts so that no shortcut applies.
        _pillars = new() { ["innovation"] = 18.5, ["implementation"] = 33.0, ["investment"] = 9.0, ["computeAccess"] = 6.0 };
        _subPillars = new()
        {
            ["research"] = 14.2, ["development"] = 19.5,
            ["talent"] = 12.5, ["infrastructure"] = 62.6, ["operatingEnvironment"] = 52.9,
            ["governmentStrategy"] = 90.4, ["commercial"] = 1.4,
            ["computeCapacity"] = 8.0, ["acceleratorAccess"] = 2.0, ["cloudAccess"] = 11.0,
        };
        // Every leaf of the tree, so the explanation reaches every node (readiness-v1 has ten sub-pillars).
        var leaves = _methodology.Nodes.Where(n => n.IsLeaf).Select(n => n.Id).Order(StringComparer.Ordinal);
        if (!leaves.SequenceEqual(_subPillars.Keys.Order(StringComparer.Ordinal)))
        {
            throw new InvalidOperationException($"{MethodologyId}'s sub-pillars are {string.Join(", ", leaves)}: update the benchmark.");
        }
    }

    [Benchmark]
    public ScoreResult FromPillars() => Score(_pillars);

    [Benchmark]
    public ScoreResult FromSubPillars() => Score(_subPillars);

    private ScoreResult Score(Dictionary<string, double> inputs)
    {
        // The bound buffer is reused, as a request handler reuses (or stack-allocates) it per row.
        if (InputBinder.Bind(_methodology, inputs, _bound) is { } errors)
        {
            throw new InvalidOperationException(errors[0].Message);
        }
        return Scorer.Score(_methodology, _bound);
    }
}
