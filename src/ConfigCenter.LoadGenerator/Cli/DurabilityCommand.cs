using System.CommandLine;
using ConfigCenter.LoadGenerator.Benchmark;

namespace ConfigCenter.LoadGenerator.Cli;

/// <summary>
/// "durability": starts each server with fsync on, measures create throughput, a fill, restart after
/// kill -9, memory and disk use, and prints both side by side with the ratios.
/// </summary>
internal sealed class DurabilityCommand
{
    private readonly Option<string?> _serverDll = new("--server-dll") { Description = "ConfigCenter.Server.dll to benchmark (default: the Release build in this repository)." };
    private readonly Option<string> _dotnet = new("--dotnet") { Description = "dotnet executable for our server (default: the one running this tool)." };
    private readonly Option<string> _java = new("--java") { Description = "java executable for ZooKeeper.", DefaultValueFactory = _ => "/usr/bin/java" };
    private readonly Option<string> _zooKeeperClassPath = new("--zookeeper-classpath") { Description = "Classpath of ZooKeeper's server.", DefaultValueFactory = _ => ServerInstallation.DefaultZooKeeperClassPath };
    private readonly Option<string> _zooKeeperHeap = new("--zookeeper-heap") { Description = "-Xmx of ZooKeeper's JVM.", DefaultValueFactory = _ => "4g" };
    private readonly Option<string> _workDir = new("--work-dir") { Description = "Where the servers' fresh data directories go (the disk under test).", DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "configcenter-bench") };
    private readonly Option<string[]> _servers = new("--servers") { Description = "Which servers, in order: configcenter, zookeeper.", DefaultValueFactory = _ => ["configcenter", "zookeeper"], AllowMultipleArgumentsPerToken = true };
    private readonly Option<int> _tickTime = new("--tick-time") { Description = "tickTime for both servers, ms.", DefaultValueFactory = _ => 2000 };
    private readonly Option<int> _snapCount = new("--snap-count") { Description = "snapCount for both servers.", DefaultValueFactory = _ => 100_000 };
    private readonly Option<int> _connections = new("--connections", "-c") { Description = "Load connections.", DefaultValueFactory = _ => 32 };
    private readonly Option<int> _outstanding = new("--outstanding") { Description = "Requests in flight per connection.", DefaultValueFactory = _ => 100 };
    private readonly Option<int> _dataSize = new("--data-size") { Description = "Bytes per znode.", DefaultValueFactory = _ => 100 };
    private readonly Option<double> _writeSeconds = new("--write-seconds") { Description = "Measured seconds of the create workload.", DefaultValueFactory = _ => 15 };
    private readonly Option<double> _warmupSeconds = new("--warmup") { Description = "Seconds of create load before measuring.", DefaultValueFactory = _ => 3 };
    private readonly Option<long> _fillCount = new("--fill-count") { Description = "Znodes to fill before the restart.", DefaultValueFactory = _ => 1_000_000 };
    private readonly Option<double> _fillTimeLimit = new("--fill-time-limit") { Description = "Seconds after which a fill is cut short.", DefaultValueFactory = _ => 240 };
    private readonly Option<double> _settleSeconds = new("--settle") { Description = "Idle seconds before memory is read.", DefaultValueFactory = _ => 5 };
    private readonly Option<double> _quietWait = new("--quiet-wait") { Description = "On a shared machine: before each measured phase, wait up to this many seconds for the cores to be nearly idle.", DefaultValueFactory = _ => 0 };
    private readonly Option<double> _quietBusyShare = new("--quiet-busy-share") { Description = "Share of all cores that may be busy for the machine to count as quiet.", DefaultValueFactory = _ => 0.15 };
    private readonly Option<bool> _keepData = new("--keep-data") { Description = "Keep the servers' directories afterwards." };
    private readonly Option<string?> _jsonOut = new("--json-out") { Description = "Also write the summary JSON to this file." };

    public Command Build(TextWriter output, TextWriter error)
    {
        var command = new Command("durability", "Compare ConfigCenter and Apache ZooKeeper with fsync on: write throughput, fill, restart after kill -9, memory, disk.");
        foreach (var option in new Option[]
                 {
                     _serverDll, _dotnet, _java, _zooKeeperClassPath, _zooKeeperHeap, _workDir, _servers, _tickTime, _snapCount, _connections,
                     _outstanding, _dataSize, _writeSeconds, _warmupSeconds, _fillCount, _fillTimeLimit, _settleSeconds, _quietWait, _quietBusyShare, _keepData, _jsonOut,
                 })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => InvokeAsync(parse, output, error, cancellationToken));
        return command;
    }

    private async Task<int> InvokeAsync(ParseResult parse, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        DurabilitySettings settings;
        try
        {
            settings = Bind(parse);
        }
        catch (FormatException e)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.Usage;
        }

        Directory.CreateDirectory(settings.WorkDirectory);
        var machine = MachineInfo.Describe(settings.WorkDirectory, settings.Installation);
        error.WriteLine($"machine: {machine}");
        IReadOnlyList<ServerFigures> figures;
        try
        {
            figures = await new DurabilityBenchmark(settings, output, error).RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or IOException or InvalidOperationException or InvalidDataException)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.Failed;
        }

        var ratios = DurabilityReport.Ratios(figures);
        DurabilityReport.WriteTable(figures, ratios, output);
        var summary = DurabilityJsonContext.ToLine(new DurabilitySummary(
            "durability", DateTimeOffset.UtcNow, machine, DurabilitySummarySettings.From(settings), figures, ratios));
        output.WriteLine(summary);
        if (parse.GetValue(_jsonOut) is { } path) await File.WriteAllTextAsync(path, summary + "\n", cancellationToken).ConfigureAwait(false);
        var clean = figures.All(f => f.Write.Errors == 0 && f.Fill.Errors == 0 && f.ZnodesAfterFill == f.ZnodesAfterRestart);
        return clean ? ExitCodes.Success : ExitCodes.Failed;
    }

    private DurabilitySettings Bind(ParseResult parse)
    {
        var serverDll = parse.GetValue(_serverDll) ?? ServerInstallation.FindServerDllNextToTool()
            ?? throw new FormatException("ConfigCenter.Server.dll not found; build src/ConfigCenter.Server in Release or pass --server-dll");
        if (!File.Exists(serverDll)) throw new FormatException($"--server-dll {serverDll} does not exist");
        var installation = new ServerInstallation
        {
            Dotnet = parse.GetValue(_dotnet) ?? ServerInstallation.CurrentDotnet(),
            ConfigCenterServerDll = Path.GetFullPath(serverDll),
            Java = parse.GetValue(_java)!,
            ZooKeeperClassPath = parse.GetValue(_zooKeeperClassPath)!,
            ZooKeeperHeap = parse.GetValue(_zooKeeperHeap)!,
        };
        return new DurabilitySettings
        {
            Installation = installation,
            WorkDirectory = Path.GetFullPath(parse.GetValue(_workDir)!),
            Servers = parse.GetValue(_servers)!.Select(BenchServerKinds.Parse).ToList(),
            TickTimeMs = parse.GetValue(_tickTime),
            SnapCount = parse.GetValue(_snapCount),
            Connections = parse.GetValue(_connections),
            Outstanding = parse.GetValue(_outstanding),
            DataSize = parse.GetValue(_dataSize),
            WriteDuration = TimeSpan.FromSeconds(parse.GetValue(_writeSeconds)),
            WriteWarmup = TimeSpan.FromSeconds(parse.GetValue(_warmupSeconds)),
            FillCount = parse.GetValue(_fillCount),
            FillTimeLimit = TimeSpan.FromSeconds(parse.GetValue(_fillTimeLimit)),
            Settle = TimeSpan.FromSeconds(parse.GetValue(_settleSeconds)),
            QuietWait = TimeSpan.FromSeconds(Math.Max(0, parse.GetValue(_quietWait))),
            QuietBusyShare = parse.GetValue(_quietBusyShare),
            KeepData = parse.GetValue(_keepData),
        };
    }
}
