using ConfigCenter.LoadGenerator.Benchmark;
using ConfigCenter.LoadGenerator.Measurement;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.LoadGenerator.Tests;

/// <summary>
/// The compare command on our server alone, with tiny phases, and the report it feeds: the plumbing of
/// benchmarks/run.sh without Apache ZooKeeper and in seconds. Measures nothing.
/// </summary>
public sealed class CompareAndReportTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "configcenter-tests", $"compare-{Guid.NewGuid():N}");

    [Fact]
    public async Task Compare_runs_each_phase_on_a_fresh_server_and_records_the_exact_commands()
    {
        var resultsPath = Path.Combine(_directory, "results.jsonl");
        var run = await LoadGeneratorRun.InvokeAsync(
            "compare", "--server-dll", ConfigCenterServerCommand.FindServerDll(), "--work-dir", Path.Combine(_directory, "work"),
            "--servers", "configcenter", "--phases", "create", "memory-restart", "--connections", "4", "--outstanding", "10",
            "--duration", "0.5", "--warmup", "0", "--znodes", "2000", "--settle", "0", "--results", resultsPath, "--invocation", "benchmarks/run.sh --test");

        Assert.True(run.ExitCode == 0, run.ToString());
        var (description, results) = CompareJsonContext.ReadFile(resultsPath);
        Assert.NotNull(description);
        Assert.Equal("benchmarks/run.sh --test", description.Invocation);
        Assert.Equal(["create", "memory-per-znode", "restart"], results.Select(r => r.Workload));
        Assert.All(results, r => Assert.Equal("configcenter", r.Server));
        Assert.All(results, r => Assert.Equal(0, r.Errors));
        Assert.All(results, r => Assert.NotNull(r.ServerCpuSeconds));
        Assert.StartsWith("configcenter-loadgen --connect 127.0.0.1:", results[0].Command, StringComparison.Ordinal);
        Assert.Equal(2000, results[1].Znodes);
        Assert.True(results[2].RestartSeconds > 0, run.ToString());
        Assert.Equal(2000 + 6, results[2].Znodes); // the keys, /bench, the root and the three /zookeeper nodes
        Assert.False(Directory.Exists(Path.Combine(_directory, "work", "configcenter-create")), "the phase's directory is removed");
    }

    [Fact]
    public async Task The_ensemble_shape_is_refused_until_our_server_has_an_ensemble_mode()
    {
        var run = await LoadGeneratorRun.InvokeAsync(
            "compare", "--shape", "ensemble3", "--server-dll", ConfigCenterServerCommand.FindServerDll(), "--work-dir", Path.Combine(_directory, "work"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("ensemble3: not available yet: the runner does not start ensembles", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_report_judges_the_targets_and_keeps_the_hand_written_blocks()
    {
        Directory.CreateDirectory(_directory);
        var resultsPath = Path.Combine(_directory, "results.jsonl");
        await File.WriteAllLinesAsync(resultsPath,
        [
            CompareJsonContext.ToLine(Result("create", "configcenter", throughput: 90_000, p99: 40)),
            CompareJsonContext.ToLine(Result("create", "zookeeper", throughput: 30_000, p99: 100)),
            CompareJsonContext.ToLine(Result("watch-fanout", "configcenter", throughput: 50_000, p99: 30) with { Watchers = 1000, Rounds = 100 }),
            CompareJsonContext.ToLine(Result("watch-fanout", "zookeeper", throughput: 60_000, p99: 20) with { Watchers = 1000, Rounds = 100 }),
        ]);
        var page = Path.Combine(_directory, "benchmarks.md");
        await File.WriteAllTextAsync(page, "old\n<!-- keep:analysis -->\nOur own words.\n<!-- /keep:analysis -->\nold\n");

        var run = await LoadGeneratorRun.InvokeAsync("report", "--results", resultsPath, "--out", page);

        Assert.True(run.ExitCode == 0, run.ToString());
        var text = await File.ReadAllTextAsync(page);
        Assert.Contains("<!-- keep:analysis -->\nOur own words.\n<!-- /keep:analysis -->", text, StringComparison.Ordinal);
        Assert.Contains("<!-- keep:micro -->", text, StringComparison.Ordinal);
        Assert.DoesNotContain("old\n", text, StringComparison.Ordinal);
        Assert.Contains("| p99 write latency ≤ ½ of ZooKeeper's | create: p99 ms | 40 | 100 | 0.40 | met |", text, StringComparison.Ordinal);
        Assert.Contains("| watch fan-out to 1,000 watchers, p99 ≤ ½ of ZooKeeper's | watch-fanout: p99 ms | 30 | 20 | 1.50 | **missed** |", text, StringComparison.Ordinal);
        Assert.Contains("not judged: the target is for the 3-server ensemble", text, StringComparison.Ordinal);
        Assert.Contains("| throughput, ops/s | 90000 | 30000 | 3.00 |", text, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    private static RunResult Result(string workload, string server, double throughput, double p99) => new()
    {
        Workload = workload,
        Server = server,
        Connect = "127.0.0.1:1",
        Connections = 1,
        Outstanding = 1,
        TotalOutstanding = 1,
        DataSize = 100,
        Ops = 1000,
        Errors = 0,
        FailedConnections = 0,
        Seconds = 1,
        Throughput = throughput,
        P50Ms = p99 / 2,
        P99Ms = p99,
        P999Ms = p99 * 2,
        MaxMs = p99 * 2,
        MeanMs = p99 / 2,
        ErrorsByCode = new Dictionary<string, long>(),
        ClientAllocatedBytesPerRequest = 0,
        StartedAt = DateTimeOffset.UnixEpoch,
    };
}
