using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using ConfigCenter.Testing.Infrastructure;

namespace ConfigCenter.Discovery.Tests.Support;

/// <summary>
/// One echo sample running as a real process on 127.0.0.1 (port chosen by Kestrel, registered by the
/// sample), with its output in a log file. Stopped with SIGKILL (a crash) or SIGTERM (a graceful stop).
/// </summary>
public sealed class EchoProcess : IAsyncDisposable
{
    private readonly Process _process;

    private EchoProcess(EchoSettings settings, Process process, string logFile)
    {
        Settings = settings;
        _process = process;
        LogFile = logFile;
    }

    public EchoSettings Settings { get; }

    public string InstanceId => Settings.InstanceId;

    public string LogFile { get; }

    public bool HasExited => _process.HasExited;

    public static EchoProcess Start(string connectString, string basePath, EchoSettings settings, string workDirectory)
    {
        var logFile = Path.Combine(workDirectory, $"echo-{settings.InstanceId}.log");
        var arguments = new List<string>
        {
            SampleBinaries.Echo,
            "--urls", "http://127.0.0.1:0",
            "--Discovery:ConnectString", connectString,
            "--Discovery:BasePath", basePath,
            "--Discovery:SessionTimeout", settings.SessionTimeout.ToString("c", CultureInfo.InvariantCulture),
            "--Registration:ServiceName", TestConsumer.Service,
            "--Registration:InstanceId", settings.InstanceId,
            "--Registration:Weight", settings.Weight.ToString(CultureInfo.InvariantCulture),
            "--Registration:DrainDelay", settings.DrainDelay.ToString("c", CultureInfo.InvariantCulture),
            "--Echo:DelayMs", settings.DelayMs.ToString(CultureInfo.InvariantCulture),
        };
        if (settings.Zone is { } zone) arguments.AddRange(["--Registration:Zone", zone]);
        var process = ChildProcesses.StartWithOutputToFile(SampleBinaries.Dotnet, arguments, logFile, workDirectory);
        return new EchoProcess(settings, process, logFile);
    }

    /// <summary>SIGKILL: the process dies at once; its session (and so its node) lives until the session timeout.</summary>
    public Task KillAsync() => ChildProcesses.KillTreeAsync(_process);

    /// <summary>
    /// SIGTERM, as an orchestrator stops a container; returns once the process has exited. The signal is
    /// sent before this returns its task, straight through kill(2): starting /bin/kill would put a process
    /// start (slow on a loaded machine) inside the time a test measures from here.
    /// </summary>
    public async Task TerminateAsync()
    {
        if (Kill(_process.Id, SigTerm) != 0)
            throw new InvalidOperationException($"kill({_process.Id}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
        using var timeout = new CancellationTokenSource(TestTimeouts.Event);
        await _process.WaitForExitAsync(timeout.Token);
    }

    public string ReadLogTail(int lines = 30) => LogTail.Read(LogFile, lines);

    public async ValueTask DisposeAsync()
    {
        await ChildProcesses.KillTreeAsync(_process);
        _process.Dispose();
    }

    private const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
