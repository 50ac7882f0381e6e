using System.CommandLine;
using System.Text;
using ConfigCenter.LoadGenerator.Benchmark;
using ConfigCenter.LoadGenerator.Measurement;

namespace ConfigCenter.LoadGenerator.Cli;

/// <summary>
/// "compare": starts ConfigCenter and Apache ZooKeeper in the same shape, one after the other, runs every
/// workload against each with identical parameters, prints ours / ZooKeeper per figure, and writes the
/// result lines (the run's description first) for the report command.
/// </summary>
internal sealed class CompareCommand
{
    private readonly ServerSetupOptions _setup = new();
    private readonly LoadShapeOptions _load = new();
    private readonly Option<string> _shape = new("--shape") { Description = "standalone, or ensemble3 (three members on loopback, sessions spread over them).", DefaultValueFactory = _ => "standalone" };
    private readonly Option<string[]?> _phases = new("--phases")
    {
        Description = "Phases to run, in order (default: all of the shape's; memory-restart is standalone only, leader-failover ensemble3 only).",
        AllowMultipleArgumentsPerToken = true,
    };
    private readonly Option<double> _duration = new("--duration", "-d") { Description = "Measured seconds of each timed workload.", DefaultValueFactory = _ => 6 };
    private readonly Option<double> _warmup = new("--warmup") { Description = "Seconds of load before measuring.", DefaultValueFactory = _ => 2 };
    private readonly Option<long> _keys = new("--keys") { Description = "Keys of setData, getData and mixed.", DefaultValueFactory = _ => 10_000 };
    private readonly Option<double> _readRatio = new("--read-ratio") { Description = "Share of reads in mixed.", DefaultValueFactory = _ => 0.9 };
    private readonly Option<int> _watchers = new("--watchers") { Description = "Sessions watching the node in watch-fanout.", DefaultValueFactory = _ => 1000 };
    private readonly Option<int> _rounds = new("--rounds") { Description = "Measured rounds of watch-fanout.", DefaultValueFactory = _ => 100 };
    private readonly Option<int> _churners = new("--churners") { Description = "Concurrent connect-create-close loops of session-churn.", DefaultValueFactory = _ => 16 };
    private readonly Option<long> _znodes = new("--znodes") { Description = "Znodes of the memory-per-znode fill, recovered by the restart.", DefaultValueFactory = _ => 1_000_000 };
    private readonly Option<double> _settle = new("--settle") { Description = "Idle seconds after the fill before memory is read.", DefaultValueFactory = _ => 5 };
    private readonly Option<int> _failoverRounds = new("--failover-rounds") { Description = "Rounds of leader-failover, each on a fresh ensemble.", DefaultValueFactory = _ => 5 };
    private readonly Option<string?> _results = new("--results") { Description = "Write the result lines (JSON, the run's description first) to this file." };
    private readonly Option<string?> _invocation = new("--invocation") { Description = "The command line to record as the one that started the run (benchmarks/run.sh passes its own)." };

    public Command Build(TextWriter output, TextWriter error) => CommandActions.Create(
        "compare",
        "Run every workload against ConfigCenter and Apache ZooKeeper in the same shape and print ours / ZooKeeper per figure.",
        [
            .. _setup.Options, .. _load.Options, _shape, _phases, _duration, _warmup, _keys, _readRatio,
            _watchers, _rounds, _churners, _znodes, _settle, _failoverRounds, _results, _invocation,
        ],
        (parse, cancellationToken) => InvokeAsync(parse, output, error, cancellationToken));

    private async Task<int> InvokeAsync(ParseResult parse, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!CommandActions.TryBind(() => Bind(parse), error, out var settings)) return ExitCodes.Usage;

        Directory.CreateDirectory(settings.Setup.WorkDirectory);
        var installation = settings.Setup.Installation;
        var ensemble = settings.Shape == ClusterShape.Ensemble3;
        var machine = MachineInfo.Describe(settings.Setup.WorkDirectory, installation);
        var run = new CompareRun
        {
            StartedAt = DateTimeOffset.UtcNow,
            Machine = machine,
            Versions = CompareVersions.Describe(installation, machine),
            ServerCommands = settings.Setup.Servers.ToDictionary(kind => kind.Label(), kind => installation.CommandLine(kind, "zoo.cfg", ensemble)),
            ZooCfg = ensemble
                ? ZooCfgFile.Render("<free port>", $"{settings.Setup.WorkDirectory}/<server>-<phase>/server<N>/data", settings.Setup.TickTimeMs, settings.Setup.SnapCount,
                    EnsembleLayout.PlaceholderServerLines(EnsembleLayout.Size))
                : ZooCfgFile.Render("<free port>", $"{settings.Setup.WorkDirectory}/<server>-<phase>/data", settings.Setup.TickTimeMs, settings.Setup.SnapCount),
            Settings = settings,
            Invocation = parse.GetValue(_invocation),
        };
        error.WriteLine($"machine: {machine}");
        var resultsPath = parse.GetValue(_results);
        if (resultsPath is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(resultsPath))!);
            await File.WriteAllTextAsync(resultsPath, CompareJsonContext.ToLine(run) + "\n", cancellationToken).ConfigureAwait(false);
        }

        IReadOnlyList<RunResult> results;
        try
        {
            results = await new CompareBenchmark(settings, output, error).RunAsync(result =>
            {
                if (resultsPath is not null) File.AppendAllText(resultsPath, CompareJsonContext.ToLine(result) + "\n");
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or IOException or InvalidOperationException or InvalidDataException)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.Failed;
        }

        var table = new StringBuilder();
        foreach (var workload in ComparisonFigures.Workloads(results))
        {
            table.AppendLine().AppendLine($"{workload}:");
            BenchmarksMarkdown.WriteFigureTable(table, ComparisonFigures.For(results, workload));
        }

        output.Write(table.ToString());
        var clean = results.All(r => r.Errors == 0 && r.FailedConnections == 0);
        return clean ? ExitCodes.Success : ExitCodes.Failed;
    }

    private CompareSettings Bind(ParseResult parse)
    {
        var shape = ClusterShapes.Parse(parse.GetValue(_shape)!);
        var phases = CompareSettings.ChoosePhases(shape, parse.GetValue(_phases));
        if (parse.GetValue(_failoverRounds) <= 0) throw new FormatException("--failover-rounds must be positive");
        var load = _load.Bind(parse);
        return new CompareSettings
        {
            Setup = _setup.Bind(parse),
            Shape = shape,
            Phases = phases,
            Connections = load.Connections,
            Outstanding = load.Outstanding,
            DataSize = load.DataSize,
            DurationSeconds = parse.GetValue(_duration),
            WarmupSeconds = parse.GetValue(_warmup),
            Keys = parse.GetValue(_keys),
            ReadRatio = parse.GetValue(_readRatio),
            Watchers = parse.GetValue(_watchers),
            Rounds = parse.GetValue(_rounds),
            Churners = parse.GetValue(_churners),
            Znodes = parse.GetValue(_znodes),
            SettleSeconds = parse.GetValue(_settle),
            FailoverRounds = parse.GetValue(_failoverRounds),
        };
    }
}
