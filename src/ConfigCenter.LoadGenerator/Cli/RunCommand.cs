using System.CommandLine;
using System.Net.Sockets;
using ConfigCenter.LoadGenerator.Connection;
using ConfigCenter.LoadGenerator.Measurement;
using ConfigCenter.LoadGenerator.Running;
using ConfigCenter.LoadGenerator.Workloads;
using ConfigCenter.Protocol;

namespace ConfigCenter.LoadGenerator.Cli;

/// <summary>The tool's main command: run one workload against one server and print its result.</summary>
internal sealed class RunCommand
{
    private readonly Option<string> _connect = new("--connect") { Description = "Server as host:port; an ensemble as host:port,host:port,... (session i connects to the i mod n-th).", DefaultValueFactory = _ => "127.0.0.1:2181" };
    private readonly Option<string> _workload = new("--workload", "-w") { Description = "create, setData, getData, mixed, fill, watch-fanout, session-churn or memory-per-znode.", DefaultValueFactory = _ => "create" };
    private readonly Option<int> _connections = new("--connections", "-c") { Description = "Sessions, each on its own connection.", DefaultValueFactory = _ => 8 };
    private readonly Option<int> _outstanding = new("--outstanding") { Description = "Requests in flight per connection.", DefaultValueFactory = _ => 100 };
    private readonly Option<int> _totalOutstanding = new("--total-outstanding") { Description = "Requests in flight across all connections (default: connections × outstanding)." };
    private readonly Option<double?> _duration = new("--duration", "-d") { Description = "Seconds to measure (after the warm-up). Default 10 unless --requests is given." };
    private readonly Option<long?> _requests = new("--requests", "-n") { Description = "Requests to send; for fill, the number of znodes to create." };
    private readonly Option<double> _warmup = new("--warmup") { Description = "Seconds of load before measuring (with --duration).", DefaultValueFactory = _ => 0 };
    private readonly Option<int> _dataSize = new("--data-size") { Description = "Bytes of data per create or setData (random bytes).", DefaultValueFactory = _ => 100 };
    private readonly Option<string> _prefix = new("--prefix") { Description = "Parent path of every znode the tool creates.", DefaultValueFactory = _ => "/loadgen" };
    private readonly Option<long> _keys = new("--keys") { Description = "Keys that setData, getData and mixed pick from (created first unless the last one exists).", DefaultValueFactory = _ => 1000 };
    private readonly Option<double> _readRatio = new("--read-ratio") { Description = "For mixed: share of getData among requests.", DefaultValueFactory = _ => 0.9 };
    private readonly Option<bool> _sequential = new("--sequential") { Description = "For create: sequential znodes instead of unique names." };
    private readonly Option<bool> _skipSetup = new("--skip-setup") { Description = "Do not create the prefix and keys first." };
    private readonly Option<string?> _label = new("--label") { Description = "Server name in the results (default: the address)." };
    private readonly Option<int> _sessionTimeout = new("--session-timeout") { Description = "Requested session timeout, ms.", DefaultValueFactory = _ => 30_000 };
    private readonly Option<bool> _json = new("--json") { Description = "Print only the JSON line, without the table." };
    private readonly Option<int> _watchers = new("--watchers") { Description = "For watch-fanout: sessions watching the node.", DefaultValueFactory = _ => 1000 };
    private readonly Option<int> _rounds = new("--rounds") { Description = "For watch-fanout: measured writes, each fanned out to every watcher.", DefaultValueFactory = _ => 100 };
    private readonly Option<int> _warmupRounds = new("--warmup-rounds") { Description = "For watch-fanout: rounds before measuring.", DefaultValueFactory = _ => 5 };
    private readonly Option<int?> _pid = new("--pid") { Description = "For memory-per-znode: the server's process id on this machine (its VmRSS is read)." };
    private readonly Option<double> _settle = new("--settle") { Description = "For memory-per-znode: idle seconds after the fill before memory is read.", DefaultValueFactory = _ => 5 };

    public RunCommand()
    {
        _workload.AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, [.. WorkloadKinds.Names]);
        _prefix.Validators.Add(result =>
        {
            var prefix = result.GetValueOrDefault<string>();
            var problem = prefix == ZkPath.Root ? "the root cannot be the prefix" : ZkPath.Validate(prefix);
            if (problem is not null) result.AddError($"--prefix \"{prefix}\": {problem}");
        });
        AddPositive(_connections, _outstanding, _dataSize, _sessionTimeout, _watchers, _rounds);
        _readRatio.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is < 0 or > 1) result.AddError("--read-ratio is between 0 and 1");
        });
    }

    public IEnumerable<Option> Options =>
    [
        _connect, _workload, _connections, _outstanding, _totalOutstanding, _duration, _requests, _warmup, _dataSize,
        _prefix, _keys, _readRatio, _sequential, _skipSetup, _label, _sessionTimeout, _json,
        _watchers, _rounds, _warmupRounds, _pid, _settle,
    ];

    public async Task<int> InvokeAsync(ParseResult parse, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        RunSettings settings;
        WorkloadOptions workload;
        try
        {
            (settings, workload) = Bind(parse);
        }
        catch (FormatException e)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.Usage;
        }

        RunResult result;
        try
        {
            await WorkloadSetup.PrepareAsync(settings, workload, error, cancellationToken).ConfigureAwait(false);
            result = workload.Kind switch
            {
                WorkloadKind.WatchFanout => await WatchFanoutRunner.RunAsync(settings, workload, cancellationToken).ConfigureAwait(false),
                WorkloadKind.SessionChurn => await SessionChurnRunner.RunAsync(settings, workload, RunTag(), cancellationToken).ConfigureAwait(false),
                WorkloadKind.MemoryPerZnode => await MemoryPerZnodeRunner.RunAsync(settings, workload, cancellationToken).ConfigureAwait(false),
                _ => await LoadRunner.RunAsync(settings, workload.Create(RunTag()), cancellationToken).ConfigureAwait(false),
            };
        }
        catch (Exception e) when (e is SocketException or IOException or InvalidOperationException or InvalidDataException)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.Failed;
        }

        if (!parse.GetValue(_json)) ResultTable.Write(result, output);
        output.WriteLine(ResultJson.ToLine(result));
        return result.Errors == 0 && result.FailedConnections == 0 ? ExitCodes.Success : ExitCodes.Failed;
    }

    private (RunSettings Settings, WorkloadOptions Workload) Bind(ParseResult parse)
    {
        var kind = WorkloadKinds.Parse(parse.GetValue(_workload)!);
        var requests = parse.GetValue(_requests);
        var duration = parse.GetValue(_duration);
        if (kind.Fills() && requests is null) throw new FormatException($"{parse.GetValue(_workload)} needs --requests, the number of znodes to create");
        if (kind == WorkloadKind.MemoryPerZnode && parse.GetValue(_pid) is null) throw new FormatException("memory-per-znode needs --pid, the server's process id");
        if (parse.GetValue(_warmupRounds) < 0) throw new FormatException("--warmup-rounds cannot be negative");
        if (requests is <= 0) throw new FormatException("--requests must be positive");
        if (duration is <= 0) throw new FormatException("--duration must be positive");

        var settings = new RunSettings
        {
            Addresses = ServerAddress.ParseList(parse.GetValue(_connect)!),
            ServerLabel = parse.GetValue(_label),
            Connections = parse.GetValue(_connections),
            Outstanding = parse.GetValue(_outstanding),
            TotalOutstanding = Math.Max(0, parse.GetValue(_totalOutstanding)),
            Duration = duration is { } seconds ? TimeSpan.FromSeconds(seconds) : requests is null ? TimeSpan.FromSeconds(10) : null,
            Requests = requests,
            Warmup = TimeSpan.FromSeconds(Math.Max(0, parse.GetValue(_warmup))),
            DataSize = parse.GetValue(_dataSize),
            SessionTimeoutMs = parse.GetValue(_sessionTimeout),
        };
        var workload = new WorkloadOptions
        {
            Kind = kind,
            Prefix = parse.GetValue(_prefix)!,
            // A fill of N creates keys 0..N-1.
            Keys = kind.Fills() ? requests!.Value : parse.GetValue(_keys),
            ReadRatio = parse.GetValue(_readRatio),
            Sequential = parse.GetValue(_sequential),
            SkipSetup = parse.GetValue(_skipSetup),
            Watchers = parse.GetValue(_watchers),
            Rounds = parse.GetValue(_rounds),
            WarmupRounds = parse.GetValue(_warmupRounds),
            ServerPid = parse.GetValue(_pid),
            Settle = TimeSpan.FromSeconds(Math.Max(0, parse.GetValue(_settle))),
        };
        return (settings, workload);
    }

    // Unique create names per run, so that repeated runs on one server do not collide.
    private static string RunTag() => Guid.NewGuid().ToString("N")[..8];

    private static void AddPositive(params Option<int>[] options)
    {
        foreach (var option in options)
        {
            option.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<int>() <= 0) result.AddError($"{option.Name} must be positive");
            });
        }
    }
}
