// Propagation benchmark: how long after an instance registers (or deregisters) until N consumers'
// discovery caches show it. Not part of test.sh; see docs/discovery.md for how to run it and the figures.
//   dotnet run -c Release --project benchmarks/ConfigCenter.Discovery.Benchmark -- --consumers 100 --iterations 50
using System.Globalization;
using ConfigCenter.Discovery.Benchmark;

var settings = BenchmarkSettings.Parse(args);
Console.WriteLine($"{settings.Consumers} consumers, {settings.Iterations} registrations and {settings.Iterations} removals per server; "
                  + $"{Environment.ProcessorCount} cores");
Console.WriteLine();
Console.WriteLine("| server | event | samples | p50 ms | p99 ms | max ms |");
Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: |");
foreach (var kind in settings.Servers)
{
    var result = await PropagationRun.RunAsync(kind, settings);
    foreach (var (name, sample) in new[] { ("registration", result.Registrations), ("removal", result.Removals) })
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {kind} | {name} | {sample.Count} | {Percentiles.Of(sample, 50):0.0} | {Percentiles.Of(sample, 99):0.0} | {Percentiles.Of(sample, 100):0.0} |"));
    }
}
