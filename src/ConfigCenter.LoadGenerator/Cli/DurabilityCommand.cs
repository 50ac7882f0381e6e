using System.CommandLine;
using ConfigCenter.LoadGenerator.Benchmark;

namespace ConfigCenter.LoadGenerator.Cli;

/// <summary>
/// "durability": starts each server with fsync on, measures create throughput, a fill, restart after
/// kill -9, memory and disk use, and prints both side by side with the ratios.
/// </summary>
internal sealed class DurabilityCommand
{
    private readonly ServerSetupOptions _setup = new();
    private readonly LoadShapeOptions _load = new();
    private readonly Option<double> _writeSeconds = new("--write-seconds") { Description = "Measured seconds of the create workload.", DefaultValueFactory = _ => 15 };
    private readonly Option<double> _warmupSeconds = new("--warmup") { Description = "Seconds of create load before measuring.", DefaultValueFactory = _ => 3 };
    private readonly Option<long> _fillCount = new("--fill-count") { Description = "Znodes to fill before the restart.", DefaultValueFactory = _ => 1_000_000 };
    private readonly Option<double> _fillTimeLimit = new("--fill-time-limit") { Description = "Seconds after which a fill is cut short.", DefaultValueFactory = _ => 240 };
    private readonly Option<double> _settleSeconds = new("--settle") { Description = "Idle seconds before memory is read.", DefaultValueFactory = _ => 5 };
    private readonly Option<string?> _jsonOut = new("--json-out") { Description = "Also write the summary JSON to this file." };

    public Command Build(TextWriter output, TextWriter error) => CommandActions.Create(
        "durability",
        "Compare ConfigCenter and Apache ZooKeeper with fsync on: write throughput, fill, restart after kill -9, memory, disk.",
        [.. _setup.Options, .. _load.Options, _writeSeconds, _warmupSeconds, _fillCount, _fillTimeLimit, _settleSeconds, _jsonOut],
        (parse, cancellationToken) => InvokeAsync(parse, output, error, cancellationToken));

    private async Task<int> InvokeAsync(ParseResult parse, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!CommandActions.TryBind(() => Bind(parse), error, out var settings)) return ExitCodes.Usage;

        Directory.CreateDirectory(settings.Setup.WorkDirectory);
        var machine = MachineInfo.Describe(settings.Setup.WorkDirectory, settings.Setup.Installation);
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
        var load = _load.Bind(parse);
        return new DurabilitySettings
        {
            Setup = _setup.Bind(parse),
            Connections = load.Connections,
            Outstanding = load.Outstanding,
            DataSize = load.DataSize,
            WriteDuration = TimeSpan.FromSeconds(parse.GetValue(_writeSeconds)),
            WriteWarmup = TimeSpan.FromSeconds(parse.GetValue(_warmupSeconds)),
            FillCount = parse.GetValue(_fillCount),
            FillTimeLimit = TimeSpan.FromSeconds(parse.GetValue(_fillTimeLimit)),
            Settle = TimeSpan.FromSeconds(parse.GetValue(_settleSeconds)),
        };
    }
}
