using System.Globalization;

namespace ConfigCenter.LoadGenerator.Measurement;

/// <summary>The human-readable form of one run's result.</summary>
internal static class ResultTable
{
    public static void Write(RunResult result, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"workload {result.Workload} on {result.Server} ({result.Connect}): {result.Connections} connections, {result.Outstanding} outstanding each, {result.TotalOutstanding} in total, {result.DataSize}-byte data"));
        output.WriteLine("  ops          errors   seconds   ops/s        p50 ms    p99 ms    p99.9 ms  max ms");
        output.WriteLine(string.Create(c, $"  {result.Ops,-12} {result.Errors,-8} {result.Seconds,-9:0.00} {result.Throughput,-12:0.0} {result.P50Ms,-9:0.000} {result.P99Ms,-9:0.000} {result.P999Ms,-9:0.000} {result.MaxMs:0.000}"));
        if (result.Watchers is { } watchers)
            output.WriteLine(string.Create(c, $"  {watchers} watchers, {result.Rounds} rounds; latency per round from setData sent to the last watcher notified; ops are notifications, ops/s while fanning out"));
        if (result.BytesPerZnode is { } perZnode)
            output.WriteLine(string.Create(c, $"  VmRSS {Mib(result.RssBeforeBytes)} MiB before, {Mib(result.RssAfterBytes)} MiB after {result.Znodes} znodes: {perZnode:0} bytes per znode"));
        if (result.RestartSeconds is { } restart)
            output.WriteLine(string.Create(c, $"  restart with {result.Znodes} znodes: {restart:0.00} s until getData answered; VmRSS then {Mib(result.RssAfterBytes)} MiB"));
        if (result.ErrorsByCode.Count > 0)
            output.WriteLine("  errors by code: " + string.Join(", ", result.ErrorsByCode.Select(e => $"{e.Key} {e.Value}")));
        if (result.FirstFailure is { } failure)
            output.WriteLine($"  {result.FailedConnections} connection(s) ended early; first: {failure}");
    }

    private static double Mib(long? bytes) => Math.Round((bytes ?? 0) / (1024.0 * 1024.0), 1);
}
