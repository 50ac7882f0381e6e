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
    public async Task Compare_in_the_ensemble_shape_spreads_sessions_and_measures_leader_failover_on_both_servers()
    {
        var resultsPath = Path.Combine(_directory, "ensemble.jsonl");
        var run = await LoadGeneratorRun.InvokeAsync(TimeSpan.FromMinutes(3),
            "compare", "--shape", "ensemble3", "--server-dll", ConfigCenterServerCommand.FindServerDll(), "--work-dir", Path.Combine(_directory, "work"),
            "--zookeeper-heap", "256m", "--phases", "getData", "leader-failover", "--failover-rounds", "1", "--connections", "3", "--outstanding", "5",
            "--keys", "100", "--duration", "0.5", "--warmup", "0", "--results", resultsPath);

        Assert.True(run.ExitCode == 0, run.ToString());
        var (description, results) = CompareJsonContext.ReadFile(resultsPath);
        Assert.Equal(ClusterShape.Ensemble3, description!.Settings.Shape);
        Assert.Contains("server.3=127.0.0.1:<peer port>:<election port>", description.ZooCfg, StringComparison.Ordinal);
        Assert.Contains("QuorumPeerMain", description.ServerCommands["zookeeper"], StringComparison.Ordinal);
        Assert.Equal(["getData", "getData", "leader-failover", "leader-failover"], results.Select(r => r.Workload));
        Assert.Equal(["configcenter", "zookeeper", "configcenter", "zookeeper"], results.Select(r => r.Server));
        Assert.All(results, r => Assert.Equal(0, r.Errors));
        Assert.All(results, r => Assert.Equal(3, r.Connect.Split(',').Length));
        Assert.All(results.Where(r => r.Workload == "leader-failover"), r =>
        {
            var round = Assert.Single(r.FailoverRounds!);
            Assert.True(round.NewLeaderMs > 0 && round.UnavailableMs > 0, run.ToString());
            Assert.Equal(round.UnavailableMs, r.UnavailableMedianMs);
        });
        Assert.False(Directory.Exists(Path.Combine(_directory, "work", "zookeeper-leader-failover-1")), "the round's ensemble directory is removed");
    }

    [Theory]
    [InlineData("ensemble3", "memory-restart")]
    [InlineData("standalone", "leader-failover")]
    public async Task A_phase_the_shape_cannot_run_is_a_usage_error(string shape, string phase)
    {
        var run = await LoadGeneratorRun.InvokeAsync(
            "compare", "--shape", shape, "--phases", phase, "--server-dll", ConfigCenterServerCommand.FindServerDll(), "--work-dir", Path.Combine(_directory, "work"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"--shape {shape} cannot run {phase}", run.Error, StringComparison.Ordinal);
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

        var text = await ReportAsync("old\n<!-- keep:analysis -->\nOur own words.\n<!-- /keep:analysis -->\nold\n", resultsPath);

        Assert.DoesNotContain("old\n", text, StringComparison.Ordinal);
        AssertContainsAll(text,
        [
            "<!-- keep:analysis -->\nOur own words.\n<!-- /keep:analysis -->",
            "<!-- keep:micro -->",
            "| p99 write latency ≤ ½ of ZooKeeper's | standalone | create: p99 ms | 40 | 100 | 0.40 | met |",
            "| watch fan-out to 1,000 watchers, p99 ≤ ½ of ZooKeeper's | standalone | watch-fanout: p99 ms | 30 | 20 | 1.50 | **missed** |",
            "not judged: the target is for the 3-server ensemble",
            "| leader failover < 200 ms | 3-server ensemble | leader-failover: write-unavailability window, median ms | – | – | – | not measured: needs the 3-server ensemble",
            "| throughput, ops/s | 90000 | 30000 | 3.00 |",
        ]);
    }

    [Fact]
    public async Task The_report_shows_both_shapes_and_judges_throughput_and_failover_in_the_ensemble()
    {
        Directory.CreateDirectory(_directory);
        var standalonePath = Path.Combine(_directory, "compare-standalone.jsonl");
        var ensemblePath = Path.Combine(_directory, "compare-ensemble3.jsonl");
        await File.WriteAllLinesAsync(standalonePath,
        [
            CompareJsonContext.ToLine(Result("create", "configcenter", throughput: 30_000, p99: 40)),
            CompareJsonContext.ToLine(Result("create", "zookeeper", throughput: 20_000, p99: 100)),
        ]);
        await File.WriteAllLinesAsync(ensemblePath,
        [
            CompareJsonContext.ToLine(Description(ClusterShape.Ensemble3)),
            CompareJsonContext.ToLine(Result("create", "configcenter", throughput: 50_000, p99: 60)),
            CompareJsonContext.ToLine(Result("create", "zookeeper", throughput: 10_000, p99: 100)),
            CompareJsonContext.ToLine(Failover("configcenter", 150, 250)),
            CompareJsonContext.ToLine(Failover("zookeeper", 400, 450)),
        ]);

        var text = await ReportAsync("<!-- keep:analysis -->\nKept.\n<!-- /keep:analysis -->\n", standalonePath, ensemblePath);

        Assert.True(text.IndexOf("## Results by workload: standalone", StringComparison.Ordinal) < text.IndexOf("## Results by workload: 3-server ensemble", StringComparison.Ordinal));
        Assert.DoesNotContain("not judged", text, StringComparison.Ordinal);
        AssertContainsAll(text,
        [
            "<!-- keep:analysis -->\nKept.\n<!-- /keep:analysis -->",
            "| write throughput ≥ 2× ZooKeeper's (3-server ensemble) | 3-server ensemble | create: ops/s | 50000 | 10000 | 5.00 | met |",
            "| p99 write latency ≤ ½ of ZooKeeper's | standalone | create: p99 ms | 40 | 100 | 0.40 | met |",
            "| p99 write latency ≤ ½ of ZooKeeper's | 3-server ensemble | create: p99 ms | 60 | 100 | 0.60 | **missed** |",
            "| leader failover < 200 ms | 3-server ensemble | leader-failover: write-unavailability window, median ms | 150 | 400 | 0.38 | met |",
            "| write-unavailability window, max ms | 250.0 | 450.0 | 0.56 |",
            "server.1=127.0.0.1:<peer port>:<election port>",
        ]);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Runs report over the results files onto a page that held <paramref name="previousPage"/>; returns the new page.</summary>
    private async Task<string> ReportAsync(string previousPage, params string[] resultsPaths)
    {
        var page = Path.Combine(_directory, "benchmarks.md");
        await File.WriteAllTextAsync(page, previousPage);

        var run = await LoadGeneratorRun.InvokeAsync(["report", "--results", .. resultsPaths, "--out", page]);

        Assert.True(run.ExitCode == 0, run.ToString());
        return await File.ReadAllTextAsync(page);
    }

    private static void AssertContainsAll(string text, IEnumerable<string> expected) =>
        Assert.All(expected, line => Assert.Contains(line, text, StringComparison.Ordinal));

    private static RunResult Failover(string server, double medianMs, double maxMs) => Result("leader-failover", server, throughput: 0, p99: 0) with
    {
        Rounds = 2,
        FailoverRounds = [new FailoverRound(medianMs, medianMs - 10, 3), new FailoverRound(maxMs, maxMs - 10, 4)],
        UnavailableMedianMs = medianMs,
        UnavailableMaxMs = maxMs,
        NewLeaderMedianMs = medianMs - 10,
        NewLeaderMaxMs = maxMs - 10,
    };

    private static CompareRun Description(ClusterShape shape) => new()
    {
        StartedAt = DateTimeOffset.UnixEpoch,
        Machine = new MachineInfo(2, "cpu", 1L << 30, "kernel", "os", "disk", ".NET", "java"),
        Versions = new CompareVersions("commit x", "zookeeper 3.8", ".NET", "java"),
        ServerCommands = new Dictionary<string, string> { ["configcenter"] = "dotnet server.dll zoo.cfg", ["zookeeper"] = "java QuorumPeerMain zoo.cfg" },
        ZooCfg = ZooCfgFile.Render("<free port>", "<data>", 2000, 100_000, EnsembleLayout.PlaceholderServerLines(EnsembleLayout.Size)),
        Settings = new CompareSettings { Setup = new ServerSetup { Installation = new ServerInstallation { Dotnet = "dotnet", ConfigCenterServerDll = "x.dll" }, WorkDirectory = "/w" }, Shape = shape },
    };

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
