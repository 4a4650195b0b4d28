extern alias service;

using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using ReadinessApi.Scoring;
using service::ReadinessApi.Infrastructure.Json;
using service::ReadinessApi.Scores;

namespace ReadinessApi.Benchmarks;

/// <summary>
/// Writing the score answer (readiness-v1 from its ten sub-pillars: 2.5 KB, about 80 numbers) into a reused
/// buffer, as <c>POST /v1/scores</c> does. The baseline is the writer before numbers were rounded:
/// System.Text.Json's source-generated fast path, every double in its shortest round-trip form
/// (<see cref="UnroundedAnswerContext"/>, as the service had it). Against it: the service's writer with
/// every number rounded to 12 significant digits, and for scale the configured serializer's metadata path
/// with the rounding converter (what the answer would cost without a dedicated writer).
/// </summary>
[MemoryDiagnoser]
public class ScoreAnswerWriteBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(8192);
    private readonly JsonSerializerOptions _configured = CreateConfigured();
    private ScoreResponse _answer = null!;
    private GeneratedJson<ScoreResponse> _rounded = null!;

    [GlobalSetup]
    public void Setup()
    {
        var m = MethodologyCatalog.Embedded.Default;
        // Ten sub-pillar values whose scores carry float noise (1/3, 0.1 + 0.2 ...), as real answers do.
        var inputs = m.Nodes.Where(n => n.IsLeaf).Select((n, i) => (n.Id, Value: 100.0 / (i + 3) + 0.1 * i)).ToDictionary(p => p.Id, p => p.Value);
        _answer = ScoreExplainer.ToResponse(Scorer.Score(m, new ScoreRequest("RUS", inputs).BoundTo(m).Values), "RUS", 2024);
        _rounded = new GeneratedJson<ScoreResponse>(_answer, ScoreAnswerWriter.Write);
    }

    [Benchmark(Baseline = true)]
    public int GeneratedShortest()
    {
        _output.ResetWrittenCount();
        using var writer = new Utf8JsonWriter(_output, new JsonWriterOptions { Encoder = _configured.Encoder, MaxDepth = _configured.MaxDepth });
        JsonSerializer.Serialize(writer, _answer, UnroundedAnswerContext.Default.ScoreResponse);
        writer.Flush();
        return _output.WrittenCount;
    }

    [Benchmark]
    public int ServiceWriterRounded()
    {
        _output.ResetWrittenCount();
        _rounded.WriteTo(_output, _configured);
        return _output.WrittenCount;
    }

    [Benchmark]
    public int ConfiguredSerializerRounded()
    {
        _output.ResetWrittenCount();
        using var writer = new Utf8JsonWriter(_output, new JsonWriterOptions { Encoder = _configured.Encoder, MaxDepth = _configured.MaxDepth });
        JsonSerializer.Serialize(writer, _answer, _configured);
        return _output.WrittenCount;
    }

    /// <summary>
    /// CPU time per answer (this process's processor time over 200,000 answers, after 200,000 warm-up ones),
    /// the three writers alternating for five rounds: on a shared machine, wall-clock means move by 2-3x
    /// between runs, processor time much less. Prints each round and the median ratios to the baseline.
    /// </summary>
    public static void CpuTime()
    {
        var bench = new ScoreAnswerWriteBenchmarks();
        bench.Setup();
        var writers = new (string Name, Func<int> Write)[]
        {
            (nameof(GeneratedShortest), bench.GeneratedShortest),
            (nameof(ServiceWriterRounded), bench.ServiceWriterRounded),
            (nameof(ConfiguredSerializerRounded), bench.ConfiguredSerializerRounded),
        };
        const int N = 200_000;
        var ratios = writers.Select(_ => new List<double>()).ToArray();
        for (int round = 1; round <= 5; round++)
        {
            var ns = new double[writers.Length];
            for (int w = 0; w < writers.Length; w++)
            {
                var write = writers[w].Write;
                for (int i = 0; i < N; i++) { write(); }
                var t0 = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
                for (int i = 0; i < N; i++) { write(); }
                ns[w] = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - t0).TotalNanoseconds / N;
                ratios[w].Add(ns[w] / ns[0]);
            }
            Console.WriteLine($"round {round}: " + string.Join(", ", writers.Select((w, i) => $"{w.Name} {ns[i] / 1000:F2} us")));
        }
        Console.WriteLine("median ratio to the baseline: " + string.Join(", ", writers.Select((w, i) => $"{w.Name} {ratios[i].Order().ElementAt(2):F2}")));
        Console.WriteLine($"answer bytes: baseline {bench.GeneratedShortest()}, rounded {bench.ServiceWriterRounded()}");
    }

    private static JsonSerializerOptions CreateConfigured()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        JsonExtensions.Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

/// <summary>The service's former score writer: the source generator's fast path, doubles unrounded.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    GenerationMode = JsonSourceGenerationMode.Serialization)]
[JsonSerializable(typeof(ScoreResponse))]
public sealed partial class UnroundedAnswerContext : JsonSerializerContext;
