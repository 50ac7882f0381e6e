using System.Globalization;
using ConfigCenter.LoadGenerator.Measurement;

namespace ConfigCenter.LoadGenerator.Benchmark;

/// <summary>One target of issue #8 judged on one figure of a run.</summary>
internal sealed record TargetVerdict(string Target, string Figure, double? Ours, double? ZooKeeper, double? Ratio, string Verdict);

/// <summary>
/// The targets of issue #8 for our server against Apache ZooKeeper in the same run: at least 2× its write
/// and read throughput in the 3-server ensemble; p99 write latency at most half of its; watch fan-out to
/// 1,000 watchers at p99 at most half of its; resident memory per znode at most half of its; leader failover
/// under 200 ms; restart with 1 million znodes in at most half its time.
/// </summary>
internal static class TargetVerdicts
{
    public const string Met = "met";
    public const string Missed = "**missed**";

    public static IReadOnlyList<TargetVerdict> Judge(IReadOnlyList<RunResult> results, ClusterShape shape)
    {
        var c = CultureInfo.InvariantCulture;
        var verdicts = new List<TargetVerdict>();
        var ensemble = shape == ClusterShape.Ensemble3;

        void Ratio(string target, string workload, string figure, Func<RunResult, double?> value, double limit, bool atLeast, string? notJudged = null)
        {
            var (ours, theirs) = ComparisonFigures.Pair(results, workload);
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

            verdicts.Add(new TargetVerdict(target, $"{workload}: {figure}", a, b, ratio, verdict));
        }

        var standaloneNote = ensemble ? null : "the target is for the 3-server ensemble, this run was standalone";
        Ratio("write throughput ≥ 2× ZooKeeper's (3-server ensemble)", "create", "ops/s", r => r.Throughput, 2, atLeast: true, standaloneNote);
        Ratio("write throughput ≥ 2× ZooKeeper's (3-server ensemble)", "setData", "ops/s", r => r.Throughput, 2, atLeast: true, standaloneNote);
        Ratio("read throughput ≥ 2× ZooKeeper's (3-server ensemble)", "getData", "ops/s", r => r.Throughput, 2, atLeast: true, standaloneNote);
        Ratio("p99 write latency ≤ ½ of ZooKeeper's", "create", "p99 ms", r => r.P99Ms, 0.5, atLeast: false);
        Ratio("p99 write latency ≤ ½ of ZooKeeper's", "setData", "p99 ms", r => r.P99Ms, 0.5, atLeast: false);

        var watchers = ComparisonFigures.Pair(results, "watch-fanout").Ours?.Watchers;
        Ratio("watch fan-out to 1,000 watchers, p99 ≤ ½ of ZooKeeper's", "watch-fanout", "p99 ms", r => r.P99Ms, 0.5, atLeast: false,
            watchers is null or 1000 ? null : string.Create(c, $"ran with {watchers} watchers"));
        Ratio("resident memory per znode ≤ ½ of ZooKeeper's", "memory-per-znode", "bytes per znode", r => r.BytesPerZnode, 0.5, atLeast: false);

        verdicts.Add(new TargetVerdict("leader failover < 200 ms", "leader-failover: write-unavailability window", null, null, null,
            ensemble ? "not measured in this run" : "not measured: needs the 3-server ensemble; " + CompareBenchmark.EnsembleUnavailable));

        var znodes = ComparisonFigures.Pair(results, "restart").Ours?.Znodes;
        Ratio("restart with 1 million znodes in ≤ ½ of ZooKeeper's time", "restart", "seconds", r => r.RestartSeconds, 0.5, atLeast: false,
            znodes is null or >= 1_000_000 ? null : string.Create(c, $"ran with {znodes} znodes"));
        return verdicts;
    }
}
