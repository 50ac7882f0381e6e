using BenchmarkDotNet.Running;

// BenchmarkDotNet micro-benchmarks of the server's hot paths (docs/benchmarks.md, "Micro-benchmarks"):
//   dotnet run -c Release --project benchmarks/ConfigCenter.Micro.Benchmarks -- --job short --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(ConfigCenter.Micro.Benchmarks.FrameBenchmarks).Assembly).Run(args);
