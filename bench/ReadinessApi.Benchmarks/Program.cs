using BenchmarkDotNet.Running;

// Every benchmark class in this assembly; pick with --filter, e.g.
//   dotnet run -c Release --project bench/ReadinessApi.Benchmarks -- --filter '*Scoring*'
// CPU time per score answer, old writer against new, alternating (see ScoreAnswerWriteBenchmarks.CpuTime):
//   dotnet run -c Release --project bench/ReadinessApi.Benchmarks -- answer-write-cpu
if (args is ["answer-write-cpu"])
{
    ReadinessApi.Benchmarks.ScoreAnswerWriteBenchmarks.CpuTime();
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
