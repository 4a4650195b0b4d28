using BenchmarkDotNet.Running;

// Every benchmark class in this assembly; pick with --filter, e.g.
//   dotnet run -c Release --project bench/ReadinessApi.Benchmarks -- --filter '*Scoring*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
