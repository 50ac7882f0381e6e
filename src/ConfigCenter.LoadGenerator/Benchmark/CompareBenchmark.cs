using System.Globalization;
using ConfigCenter.LoadGenerator.Cli;
using ConfigCenter.LoadGenerator.Measurement;
using ConfigCenter.LoadGenerator.Workloads;

namespace ConfigCenter.LoadGenerator.Benchmark;

/// <summary>
/// The side-by-side comparison of issue #8: every phase runs on fresh servers of each kind in turn, in the
/// same shape (standalone, or a 3-server ensemble on loopback; same zoo.cfg, fsync on, data on the same disk),
/// driven through this tool's own command line with identical arguments, so each result line carries the exact
/// command that produced it. The phases: create, setData, getData, mixed, watch-fanout, session-churn; standalone
/// also memory-restart (a fill of N znodes with the server's VmRSS read around it, then kill -9 and the time until
/// a restarted server answers); the ensemble also leader-failover.
/// </summary>
internal sealed class CompareBenchmark(CompareSettings settings, TextWriter output, TextWriter progress)
{
    private const string Prefix = "/bench";
    private const string ToolName = "configcenter-loadgen";
    private readonly BenchSteps _steps = new(settings.Setup, settings.StartTimeout, progress);

    /// <summary>Runs every phase on every server; each result is written to <paramref name="results"/> as it comes.</summary>
    public async Task<IReadOnlyList<RunResult>> RunAsync(Action<RunResult> results, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(settings.Setup.WorkDirectory);
        var all = new List<RunResult>();
        foreach (var phase in settings.Phases)
        {
            foreach (var kind in settings.Setup.Servers)
            {
                foreach (var result in await RunPhaseAsync(phase, kind, cancellationToken).ConfigureAwait(false))
                {
                    all.Add(result);
                    results(result);
                }
            }
        }

        return all;
    }

    private async Task<IReadOnlyList<RunResult>> RunPhaseAsync(string phase, BenchServerKind kind, CancellationToken cancellationToken)
    {
        // Each round of the failover starts its own ensemble.
        if (phase == LeaderFailoverBenchmark.Workload)
            return [await new LeaderFailoverBenchmark(settings, _steps, output).RunAsync(kind, Prefix, cancellationToken).ConfigureAwait(false)];

        await using var cluster = _steps.CreateCluster(kind, phase, settings.Shape);
        try
        {
            var leader = await _steps.StartFreshAsync(cluster, cancellationToken).ConfigureAwait(false);
            await _steps.WaitUntilQuietAsync(kind, cancellationToken).ConfigureAwait(false);
            string[] arguments = ["--connect", cluster.ConnectString, "--label", kind.Label(), "--prefix", Prefix, .. PhaseArguments(phase, leader.Pid)];
            _steps.Progress(kind, $"{phase}: {Command(arguments)}");
            var sampler = CpuUsage.Start([.. cluster.Pids]);
            var result = await RunToolAsync(arguments, cancellationToken).ConfigureAwait(false);
            var cpu = sampler.Stop();
            result = result with { Command = Command(arguments), ServerCpuSeconds = cpu.ServerSeconds, OtherCpuSeconds = cpu.OtherSeconds };
            if (phase != "memory-restart") return [result];
            return [result, await RestartAsync(leader, result, cancellationToken).ConfigureAwait(false)];
        }
        finally
        {
            await _steps.DiscardAsync(cluster).ConfigureAwait(false);
        }
    }

    private string[] PhaseArguments(string phase, int serverPid)
    {
        var c = CultureInfo.InvariantCulture;
        string[] load = ["--connections", settings.Connections.ToString(c), "--outstanding", settings.Outstanding.ToString(c), "--data-size", settings.DataSize.ToString(c)];
        string[] timed = ["--duration", settings.DurationSeconds.ToString(c), "--warmup", settings.WarmupSeconds.ToString(c)];
        return phase switch
        {
            "create" => ["--workload", "create", .. load, .. timed],
            "setData" or "getData" => ["--workload", phase, "--keys", settings.Keys.ToString(c), .. load, .. timed],
            "mixed" => ["--workload", "mixed", "--read-ratio", settings.ReadRatio.ToString(c), "--keys", settings.Keys.ToString(c), .. load, .. timed],
            "watch-fanout" =>
            [
                "--workload", "watch-fanout", "--watchers", settings.Watchers.ToString(c), "--rounds", settings.Rounds.ToString(c),
                "--warmup-rounds", settings.WarmupRounds.ToString(c), "--data-size", settings.DataSize.ToString(c),
            ],
            "session-churn" => ["--workload", "session-churn", "--connections", settings.Churners.ToString(c), "--data-size", settings.DataSize.ToString(c), .. timed],
            "memory-restart" =>
            [
                "--workload", "memory-per-znode", "--requests", settings.Znodes.ToString(c), "--pid", serverPid.ToString(c),
                "--settle", settings.SettleSeconds.ToString(c), .. load,
            ],
            _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, "unknown phase"),
        };
    }

    /// <summary>Runs the tool's command line in-process, echoes its table and returns its JSON line.</summary>
    private async Task<RunResult> RunToolAsync(string[] arguments, CancellationToken cancellationToken)
    {
        using var captured = new StringWriter();
        var exitCode = await LoadGeneratorCli.InvokeAsync(arguments, captured, progress, cancellationToken).ConfigureAwait(false);
        var text = captured.ToString();
        output.Write(text);
        output.Flush();
        var lastLine = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (exitCode == ExitCodes.Usage || lastLine is null || !lastLine.StartsWith('{'))
            throw new InvalidOperationException($"{Command(arguments)} failed with exit code {exitCode}");
        return ResultJson.Parse(lastLine) ?? throw new InvalidDataException($"unreadable result line: {lastLine}");
    }

    /// <summary>kill -9 after the fill, then the time until a restarted server answers getData of the last znode.</summary>
    private async Task<RunResult> RestartAsync(ServerProcess server, RunResult fill, CancellationToken cancellationToken)
    {
        var keys = new KeySpace(Prefix, settings.Znodes);
        var complete = fill.Ops == settings.Znodes && fill.Errors == 0;
        var known = complete ? keys.LastKeyPath : keys.Paths.PathOf(0);
        var znodesBefore = await FourLetterWord.ZnodeCountAsync(server.Address, cancellationToken).ConfigureAwait(false);
        var killedPid = server.Pid;
        await server.KillAsync().ConfigureAwait(false);
        var (restart, cpu) = await _steps.RestartAsync(server, known, cancellationToken).ConfigureAwait(false);
        var rss = server.ResidentBytes();
        var znodesAfter = await FourLetterWord.ZnodeCountAsync(server.Address, cancellationToken).ConfigureAwait(false);
        _steps.Progress(server.Kind, $"restart: {restart.TotalSeconds:0.00} s until getData {known} answered; {znodesAfter} znodes (before the kill: {znodesBefore})");
        var result = RunResult.WithoutLoad("restart", server.Kind.Label(), server.Address.ToString(), settings.DataSize, DateTimeOffset.UtcNow - restart) with
        {
            Ops = znodesAfter,
            Errors = znodesAfter == znodesBefore ? 0 : Math.Abs(znodesBefore - znodesAfter),
            Seconds = Math.Round(restart.TotalSeconds, 3),
            ErrorsByCode = znodesAfter == znodesBefore ? new Dictionary<string, long>() : new Dictionary<string, long> { ["ZnodesLost"] = znodesBefore - znodesAfter },
            Znodes = znodesAfter,
            RestartSeconds = Math.Round(restart.TotalSeconds, 3),
            RssAfterBytes = rss,
            Command = $"kill -9 {killedPid}; {settings.Setup.Installation.CommandLine(server.Kind, server.ConfigPath)}; probe getData {known} on new sessions every 10 ms",
            ServerCpuSeconds = cpu.ServerSeconds,
            OtherCpuSeconds = cpu.OtherSeconds,
        };
        ResultTable.Write(result, output);
        output.WriteLine(ResultJson.ToLine(result));
        return result;
    }

    private static string Command(IEnumerable<string> arguments) =>
        ToolName + " " + string.Join(' ', arguments.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a));
}
