using System.Globalization;

namespace ConfigCenter.LoadGenerator.Benchmark;

/// <summary>
/// The side-by-side table (a Markdown table, to paste into docs) and the ratios ours / ZooKeeper.
/// A ratio below 1 is better for ConfigCenter on times, latencies, memory and sizes; above 1 on throughput.
/// </summary>
internal static class DurabilityReport
{
    private const double Mebibyte = 1024 * 1024;

    private sealed record Row(string Key, string Name, Func<ServerFigures, double> Value, string Format);

    private static readonly Row[] Rows =
    [
        new("writeThroughput", "(a) create throughput, ops/s", f => f.Write.Throughput, "0"),
        new("writeP50Ms", "(a) create p50, ms", f => f.Write.P50Ms, "0.00"),
        new("writeP99Ms", "(a) create p99, ms", f => f.Write.P99Ms, "0.00"),
        new("writeP999Ms", "(a) create p99.9, ms", f => f.Write.P999Ms, "0.00"),
        new("writeErrors", "(a) create errors", f => f.Write.Errors, "0"),
        new("writeServerCpuSeconds", "(a) server CPU during create run, s", f => f.WriteCpu.ServerSeconds, "0.0"),
        new("writeOtherCpuSeconds", "(a) other processes' CPU during create run, s", f => f.WriteCpu.OtherSeconds, "0.0"),
        new("fillSeconds", "(b) fill time, s", f => f.Fill.Seconds, "0.0"),
        new("fillThroughput", "(b) fill throughput, ops/s", f => f.Fill.Throughput, "0"),
        new("fillP99Ms", "(b) fill p99, ms", f => f.Fill.P99Ms, "0.00"),
        new("fillServerCpuMicrosPerOp", "(b) server CPU per fill create, µs", f => f.Fill.Ops == 0 ? 0 : f.FillCpu.ServerSeconds * 1e6 / f.Fill.Ops, "0.0"),
        new("fillOtherCpuSeconds", "(b) other processes' CPU during fill, s", f => f.FillCpu.OtherSeconds, "0.0"),
        new("znodes", "(b) znodes after fill (mntr)", f => f.ZnodesAfterFill, "0"),
        new("restartSeconds", "(b) restart after kill -9 until getData answers, s", f => f.RestartSeconds, "0.00"),
        new("restartServerCpuSeconds", "(b) server CPU until answering after restart, s", f => f.RestartCpu.ServerSeconds, "0.00"),
        new("znodesAfterRestart", "(b) znodes after restart (mntr)", f => f.ZnodesAfterRestart, "0"),
        new("rssAfterFillMib", "(c) VmRSS after fill, MiB", f => f.RssAfterFillBytes / Mebibyte, "0"),
        new("rssAtRestartMib", "(c) VmRSS when first answering after restart, MiB", f => f.RssAtRestartBytes / Mebibyte, "0"),
        new("rssAfterRestartMib", "(c) VmRSS after restart + settle, MiB", f => f.RssAfterRestartBytes / Mebibyte, "0"),
        new("newestSnapshotMib", "(d) newest snapshot at kill, MiB", f => f.StorageAtKill.NewestSnapshotBytes / Mebibyte, "0.0"),
        new("snapshotsAtKill", "(d) snapshots at kill, count", f => f.StorageAtKill.SnapshotCount, "0"),
        new("snapshotsTotalMib", "(d) snapshots at kill, total MiB", f => f.StorageAtKill.SnapshotBytes / Mebibyte, "0.0"),
        new("logsAtKill", "(d) log files at kill, count", f => f.StorageAtKill.LogCount, "0"),
        new("logsApparentMib", "(d) logs at kill, apparent MiB", f => f.StorageAtKill.LogBytes / Mebibyte, "0.0"),
        new("logsAllocatedMib", "(d) logs at kill, allocated MiB", f => f.StorageAtKill.LogAllocatedBytes / Mebibyte, "0.0"),
        new("newestSnapshotAfterRestartMib", "(d) newest snapshot after restart, MiB", f => f.StorageAfterRestart.NewestSnapshotBytes / Mebibyte, "0.0"),
        new("snapshotsAfterRestart", "(d) snapshots after restart, count", f => f.StorageAfterRestart.SnapshotCount, "0"),
    ];

    /// <summary>ours / ZooKeeper per figure, when both servers ran and ZooKeeper's figure is not 0.</summary>
    public static IReadOnlyDictionary<string, double> Ratios(IReadOnlyList<ServerFigures> figures)
    {
        var ratios = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var ours = figures.FirstOrDefault(f => f.Server == BenchServerKind.ConfigCenter.Label());
        var zookeeper = figures.FirstOrDefault(f => f.Server == BenchServerKind.ZooKeeper.Label());
        if (ours is null || zookeeper is null) return ratios;
        foreach (var row in Rows)
        {
            var theirs = row.Value(zookeeper);
            if (theirs != 0) ratios[row.Key] = Math.Round(row.Value(ours) / theirs, 3);
        }

        return ratios;
    }

    public static void WriteTable(IReadOnlyList<ServerFigures> figures, IReadOnlyDictionary<string, double> ratios, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        var withRatio = ratios.Count > 0;
        output.WriteLine();
        output.WriteLine("| figure | " + string.Join(" | ", figures.Select(f => f.Server)) + (withRatio ? " | ours / ZooKeeper |" : " |"));
        output.WriteLine("| --- | " + string.Join(" | ", figures.Select(_ => "---:")) + (withRatio ? " | ---: |" : " |"));
        foreach (var row in Rows)
        {
            var values = string.Join(" | ", figures.Select(f => row.Value(f).ToString(row.Format, c)));
            var ratio = withRatio ? " | " + (ratios.TryGetValue(row.Key, out var r) ? r.ToString("0.00", c) : "–") : "";
            output.WriteLine($"| {row.Name} | {values}{ratio} |");
        }

        output.WriteLine();
        foreach (var server in figures)
        {
            output.WriteLine($"{server.Server}: restart log lines");
            foreach (var line in server.RestartLog) output.WriteLine($"  {line}");
        }

        output.Flush();
    }
}
