using System.Diagnostics;
using System.Net;
using ConfigCenter.LoadGenerator.Connection;
using ConfigCenter.LoadGenerator.Measurement;

namespace ConfigCenter.LoadGenerator.Benchmark;

/// <summary>
/// One server under benchmark, standalone or a member of an ensemble: its own directory with zoo.cfg,
/// data (and myid) and log file, a loopback port, and the process, which can be killed with SIGKILL and
/// started again on the same data.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly ServerInstallation _installation;
    private Process? _process;

    private ServerProcess(BenchServerKind kind, ServerInstallation installation, string directory, int port, int? memberId)
    {
        Kind = kind;
        MemberId = memberId;
        _installation = installation;
        Directory = directory;
        Address = new ServerAddress(IPAddress.Loopback.ToString(), port);
        DataDir = Path.Combine(directory, "data");
        ConfigPath = Path.Combine(directory, "zoo.cfg");
        LogPath = Path.Combine(directory, "server.log");
    }

    public BenchServerKind Kind { get; }

    /// <summary>The myid of an ensemble member; null for a standalone server.</summary>
    public int? MemberId { get; }
    public string Directory { get; }
    public ServerAddress Address { get; }
    public string DataDir { get; }
    public string ConfigPath { get; }
    public string LogPath { get; }

    public int Pid => _process?.Id ?? throw new InvalidOperationException("the server is not running");

    public bool HasExited => _process is null || _process.HasExited;

    /// <summary>Prepares a fresh directory (removing an old one of the same name) and a zoo.cfg; does not start.</summary>
    public static ServerProcess Create(BenchServerKind kind, ServerInstallation installation, string directory, int tickTimeMs, int snapCount)
    {
        var server = CreateDirectory(new ServerProcess(kind, installation, directory, LoopbackPorts.Free(1)[0], memberId: null));
        ZooCfgFile.Write(server.ConfigPath, server.Address.Port, server.DataDir, tickTimeMs, snapCount);
        return server;
    }

    /// <summary>Like <see cref="Create"/>, for one member of <paramref name="layout"/>: its ports, the server lines, and a myid file.</summary>
    public static ServerProcess CreateMember(
        BenchServerKind kind, ServerInstallation installation, string directory, EnsembleLayout layout, EnsembleMemberPorts member, int tickTimeMs, int snapCount)
    {
        var server = CreateDirectory(new ServerProcess(kind, installation, directory, member.ClientPort, member.Id));
        ZooCfgFile.Write(server.ConfigPath, member.ClientPort, server.DataDir, tickTimeMs, snapCount, layout.ServerLines());
        File.WriteAllText(Path.Combine(server.DataDir, "myid"), member.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n");
        return server;
    }

    /// <summary>Spawns the process, its output appended to the log file; returns at once.</summary>
    public void Start()
    {
        if (_process is { HasExited: false }) throw new InvalidOperationException("the server is already running");
        var (fileName, arguments) = _installation.CommandFor(Kind, ConfigPath, ensembleMember: MemberId is not null);
        File.AppendAllText(LogPath, $"### benchmark: starting {fileName} {string.Join(' ', arguments)}\n");
        // The shell execs the server, so the process we hold (and whose memory we read) is the server itself.
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardInput = true, WorkingDirectory = Directory };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$0\" \"$@\" >>\"$BENCH_LOG_FILE\" 2>&1");
        start.ArgumentList.Add(fileName);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["BENCH_LOG_FILE"] = LogPath;
        _process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
    }

    /// <summary>SIGKILL, as a crash or power cut would end it, and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (_process is null) return;
        if (!_process.HasExited) _process.Kill();
        await _process.WaitForExitAsync().ConfigureAwait(false);
        _process.Dispose();
        _process = null;
    }

    public long ResidentBytes() => _process is { HasExited: false } process ? ProcessMemory.ResidentBytes(process.Id) : 0;

    public string LogTail(int lines = 40)
    {
        if (!File.Exists(LogPath)) return "(no log)";
        return string.Join('\n', File.ReadLines(LogPath).TakeLast(lines));
    }

    /// <summary>Lines of the log that say what the start-up spent its time on (loading, replaying, snapshotting).</summary>
    public IReadOnlyList<string> StartupLines(int fromStart)
    {
        string[] markers = ["Recovered", "Snapshot loaded", "Snapshot taken", "Snapshotting", "Reading snapshot", "listening on", "binding to port"];
        return File.ReadLines(LogPath)
            .Select((line, index) => (line, index))
            .Where(entry => entry.index >= fromStart && markers.Any(m => entry.line.Contains(m, StringComparison.OrdinalIgnoreCase)))
            .Select(entry => entry.line.Trim())
            .ToList();
    }

    public int LogLineCount() => File.Exists(LogPath) ? File.ReadLines(LogPath).Count() : 0;

    public async ValueTask DisposeAsync() => await KillAsync().ConfigureAwait(false);

    /// <summary>A fresh directory (an old one of the same name is removed) with an empty dataDir.</summary>
    private static ServerProcess CreateDirectory(ServerProcess server)
    {
        if (System.IO.Directory.Exists(server.Directory)) System.IO.Directory.Delete(server.Directory, recursive: true);
        System.IO.Directory.CreateDirectory(server.DataDir);
        return server;
    }
}
