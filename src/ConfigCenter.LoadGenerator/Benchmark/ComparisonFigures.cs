using ConfigCenter.LoadGenerator.Measurement;

namespace ConfigCenter.LoadGenerator.Benchmark;

/// <summary>One figure of one workload on both servers, and which way is better.</summary>
internal sealed record ComparisonFigure(string Workload, string Name, double? Ours, double? ZooKeeper, bool HigherIsBetter, string Format, bool Comparable = true)
{
    /// <summary>ours / ZooKeeper, when both ran, ZooKeeper's figure is not 0 and the figure is one to compare.</summary>
    public double? Ratio => Comparable && Ours is { } ours && ZooKeeper is { } theirs && theirs != 0 ? ours / theirs : null;
}

/// <summary>Turns result lines into the side-by-side figures, workload by workload, in the order they ran.</summary>
internal static class ComparisonFigures
{
    private const double Mebibyte = 1024 * 1024;
    private static readonly string Ours = BenchServerKind.ConfigCenter.Label();
    private static readonly string Theirs = BenchServerKind.ZooKeeper.Label();

    /// <param name="Comparable">False for context figures (errors, other processes' CPU), whose ratio means nothing.</param>
    private sealed record Row(string Name, Func<RunResult, double?> Value, bool HigherIsBetter, string Format, Func<string, bool> AppliesTo, bool Comparable = true);

    private static readonly Row[] Rows =
    [
        new("throughput, ops/s", r => r.Throughput, true, "0", w => w is "create" or "setData" or "getData" or "mixed"),
        new("notifications/s while fanning out", r => r.Throughput, true, "0", w => w == "watch-fanout"),
        new("sessions/s", r => r.Throughput, true, "0", w => w == "session-churn"),
        new("fill throughput, creates/s", r => r.Throughput, true, "0", w => w == "memory-per-znode"),
        new("p50, ms", r => r.P50Ms, false, "0.00", HasLatency),
        new("p99, ms", r => r.P99Ms, false, "0.00", HasLatency),
        new("p99.9, ms", r => r.P999Ms, false, "0.00", HasLatency),
        new("rounds", r => r.Rounds, true, "0", w => w == "watch-fanout" || IsFailover(w), Comparable: false),
        new("resident memory per znode, bytes", r => r.BytesPerZnode, false, "0", w => w == "memory-per-znode"),
        new("VmRSS before the fill, MiB", r => r.RssBeforeBytes / Mebibyte, false, "0", w => w == "memory-per-znode"),
        new("VmRSS after the fill and settle, MiB", r => r.RssAfterBytes / Mebibyte, false, "0", w => w == "memory-per-znode"),
        new("restart until getData answers, s", r => r.RestartSeconds, false, "0.00", w => w == "restart"),
        new("znodes after the restart (mntr)", r => r.Znodes, true, "0", w => w == "restart"),
        new("VmRSS when first answering, MiB", r => r.RssAfterBytes / Mebibyte, false, "0", w => w == "restart"),
        new("write-unavailability window, median ms", r => r.UnavailableMedianMs, false, "0.0", IsFailover),
        new("write-unavailability window, max ms", r => r.UnavailableMaxMs, false, "0.0", IsFailover),
        new("kill to a new leader answering srvr, median ms", r => r.NewLeaderMedianMs, false, "0.0", IsFailover),
        new("kill to a new leader answering srvr, max ms", r => r.NewLeaderMaxMs, false, "0.0", IsFailover),
        new("writes failed while the clients moved", r => r.FailoverRounds?.Sum(round => round.FailedWrites), false, "0", IsFailover, Comparable: false),
        new("errors", r => r.Errors, false, "0", _ => true, Comparable: false),
        new("server CPU, s", r => r.ServerCpuSeconds, false, "0.0", _ => true),
        new("other processes' CPU meanwhile, s", r => r.OtherCpuSeconds, false, "0.0", _ => true, Comparable: false),
    ];

    /// <summary>The workloads in the order they first appear.</summary>
    public static IReadOnlyList<string> Workloads(IReadOnlyList<RunResult> results) => results.Select(r => r.Workload).Distinct().ToList();

    /// <summary>The last result of each server for the workload (a repeated run replaces an earlier one).</summary>
    public static (RunResult? Ours, RunResult? ZooKeeper) Pair(IReadOnlyList<RunResult> results, string workload) =>
        (results.LastOrDefault(r => r.Workload == workload && r.Server == Ours),
         results.LastOrDefault(r => r.Workload == workload && r.Server == Theirs));

    public static IReadOnlyList<ComparisonFigure> For(IReadOnlyList<RunResult> results, string workload)
    {
        var (ours, theirs) = Pair(results, workload);
        return Rows.Where(row => row.AppliesTo(workload))
            .Select(row => new ComparisonFigure(workload, row.Name, ours is null ? null : row.Value(ours), theirs is null ? null : row.Value(theirs), row.HigherIsBetter, row.Format, row.Comparable))
            .Where(figure => figure.Ours is not null || figure.ZooKeeper is not null)
            .ToList();
    }

    private static bool HasLatency(string workload) => workload is not ("restart" or LeaderFailoverBenchmark.Workload);

    private static bool IsFailover(string workload) => workload == LeaderFailoverBenchmark.Workload;
}
