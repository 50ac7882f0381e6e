using System.Globalization;
using ConfigCenter.Configuration.Benchmark;
using ConfigCenter.Testing.Servers;

// Write acknowledged -> IOptionsMonitor.OnChange latency, against our server and Apache ZooKeeper.
// dotnet run -c Release --project benchmarks/ConfigCenter.Configuration.Benchmark -- [iterations] [warmup]
var iterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
var warmup = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50;

Console.WriteLine($"{iterations} sequential writes per server after {warmup} warm-up writes; ReloadDelay = 0; milliseconds");
Console.WriteLine("| server | samples | p50 | p99 | max |");
Console.WriteLine("| --- | --- | --- | --- | --- |");
foreach (var kind in new[] { ServerKind.ConfigCenter, ServerKind.ApacheZooKeeper })
{
    var result = await ReloadLatencyRun.RunAsync(kind, iterations, warmup);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {result.Kind} | {result.Samples} | {result.P50:0.00} | {result.P99:0.00} | {result.Max:0.00} |"));
}
