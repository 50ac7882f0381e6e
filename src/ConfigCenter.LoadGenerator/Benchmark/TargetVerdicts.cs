using System.Globalization;
using ConfigCenter.LoadGenerator.Measurement;

namespace ConfigCenter.LoadGenerator.Benchmark;

/// <summary>One target of issue #8 judged on one figure of a run in one shape.</summary>
internal sealed record TargetVerdict(string Target, ClusterShape Shape, string Figure, double? Ours, double? ZooKeeper, double? Ratio, string Verdict);

/// <summary>
/// The targets of issue #8 for our server against Apache ZooKeeper in the same run: at least 2× its write
/// and read throughput in the 3-server ensemble; p99 write latency at most half of its; watch fan-out to
/// 1,000 watchers at p99 at most half of its; resident memory per znode at most half of its; leader failover
/// under 200 ms; restart with 1 million znodes in at most half its time. Each target is judged in the shape it
/// is about (throughput and failover: the ensemble; memory and restart: the standalone server's process); the
/// latency targets in every shape that ran.
/// </summary>
internal static class TargetVerdicts
{
    public const string Met = "met";
    public const string Missed = "**missed**";
    public const double FailoverLimitMs = 200;

    public static IReadOnlyList<TargetVerdict> Judge(IReadOnlyList<ShapeResults> shapes)
    {
        var c = CultureInfo.InvariantCulture;
        var verdicts = new List<TargetVerdict>();
        var standalone = shapes.FirstOrDefault(s => s.Shape == ClusterShape.Standalone);
        var ensemble = shapes.FirstOrDefault(s => s.Shape == ClusterShape.Ensemble3);

        void Ratio(string target, ShapeResults? shape, ClusterShape shown, string workload, string figure, Func<RunResult, double?> value, double limit, bool atLeast, string? notJudged = null)
        {
            var (ours, theirs) = ComparisonFigures.Pair(shape?.Results ?? [], workload);
            var a = ours is null ? null : value(ours);
            var b = theirs is null ? null : value(theirs);
            double? ratio = a is { } x && b is { } y && y != 0 ? x / y : null;
            string verdict;
            if (ratio is not { } r) verdict = "not measured in this run";
            else
            {
                var meets = atLeast ? r >= limit : r <= limit;
                verdict = notJudged is null ? (meets ? Met : Missed) : $"not judged: {notJudged}; this ratio would have {(meets ? "met" : "missed")} it";
            }

            verdicts.Add(new TargetVerdict(target, shown, $"{workload}: {figure}", a, b, ratio, verdict));
        }

        // Throughput is judged in the ensemble; a standalone run alone shows its ratio without judging it.
        var throughput = ensemble ?? standalone;
        var standaloneNote = ensemble is null ? "the target is for the 3-server ensemble, this run was standalone" : null;
        var throughputShape = throughput?.Shape ?? ClusterShape.Ensemble3;
        Ratio("write throughput ≥ 2× ZooKeeper's (3-server ensemble)", throughput, throughputShape, "create", "ops/s", r => r.Throughput, 2, atLeast: true, standaloneNote);
        Ratio("write throughput ≥ 2× ZooKeeper's (3-server ensemble)", throughput, throughputShape, "setData", "ops/s", r => r.Throughput, 2, atLeast: true, standaloneNote);
        Ratio("read throughput ≥ 2× ZooKeeper's (3-server ensemble)", throughput, throughputShape, "getData", "ops/s", r => r.Throughput, 2, atLeast: true, standaloneNote);

        foreach (var shape in shapes)
        {
            Ratio("p99 write latency ≤ ½ of ZooKeeper's", shape, shape.Shape, "create", "p99 ms", r => r.P99Ms, 0.5, atLeast: false);
            Ratio("p99 write latency ≤ ½ of ZooKeeper's", shape, shape.Shape, "setData", "p99 ms", r => r.P99Ms, 0.5, atLeast: false);
        }

        foreach (var shape in shapes)
        {
            var watchers = ComparisonFigures.Pair(shape.Results, "watch-fanout").Ours?.Watchers;
            Ratio("watch fan-out to 1,000 watchers, p99 ≤ ½ of ZooKeeper's", shape, shape.Shape, "watch-fanout", "p99 ms", r => r.P99Ms, 0.5, atLeast: false,
                watchers is null or 1000 ? null : string.Create(c, $"ran with {watchers} watchers"));
        }

        Ratio("resident memory per znode ≤ ½ of ZooKeeper's", standalone, ClusterShape.Standalone, "memory-per-znode", "bytes per znode", r => r.BytesPerZnode, 0.5, atLeast: false);
        verdicts.Add(Failover(ensemble));

        var znodes = ComparisonFigures.Pair(standalone?.Results ?? [], "restart").Ours?.Znodes;
        Ratio("restart with 1 million znodes in ≤ ½ of ZooKeeper's time", standalone, ClusterShape.Standalone, "restart", "seconds", r => r.RestartSeconds, 0.5, atLeast: false,
            znodes is null or >= 1_000_000 ? null : string.Create(c, $"ran with {znodes} znodes"));
        return verdicts;
    }

    /// <summary>An absolute target: our median write-unavailability window under 200 ms; ZooKeeper's is shown beside it.</summary>
    private static TargetVerdict Failover(ShapeResults? ensemble)
    {
        const string target = "leader failover < 200 ms";
        const string figure = LeaderFailoverBenchmark.Workload + ": write-unavailability window, median ms";
        if (ensemble is null)
            return new TargetVerdict(target, ClusterShape.Ensemble3, figure, null, null, null, "not measured: needs the 3-server ensemble (benchmarks/run.sh runs both shapes)");

        var (ours, theirs) = ComparisonFigures.Pair(ensemble.Results, LeaderFailoverBenchmark.Workload);
        var a = ours?.UnavailableMedianMs;
        var b = theirs?.UnavailableMedianMs;
        var verdict = a is { } window ? (window < FailoverLimitMs ? Met : Missed) : "not measured in this run";
        return new TargetVerdict(target, ClusterShape.Ensemble3, figure, a, b, a is { } x && b is { } y && y != 0 ? x / y : null, verdict);
    }
}
