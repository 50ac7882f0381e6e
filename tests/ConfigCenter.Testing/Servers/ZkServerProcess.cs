using System.Diagnostics;
using ConfigCenter.Testing.Infrastructure;

namespace ConfigCenter.Testing.Servers;

/// <summary>One server process plus the temp directory holding its zoo.cfg, data and log.</summary>
internal sealed class ZkServerProcess : IZkServerUnderTest
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(50);

    private readonly ServerCommand _command;
    private readonly string _workDirectory;
    private Process? _process;

    public ZkServerProcess(
        ServerKind kind, int clientPort, int tickTimeMs, ServerCommand command,
        string workDirectory, string dataDirectory, string configFilePath, string logFilePath)
    {
        DataDirectory = dataDirectory;
        Kind = kind;
        ClientPort = clientPort;
        TickTimeMs = tickTimeMs;
        _command = command;
        _workDirectory = workDirectory;
        ConfigFilePath = configFilePath;
        LogFilePath = logFilePath;
    }

    public ServerKind Kind { get; }
    public int ClientPort { get; }
    public string ConnectString => $"127.0.0.1:{ClientPort}";
    public int TickTimeMs { get; }
    public string ConfigFilePath { get; }
    public string DataDirectory { get; }
    public string LogFilePath { get; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Launch();
        await WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts the process without waiting for it to serve (an ensemble member serves only once a quorum runs).</summary>
    public void Launch()
    {
        File.AppendAllText(LogFilePath, $"### harness: starting {_command}\n");
        _process = ChildProcesses.StartWithOutputToFile(_command.FileName, _command.Arguments, LogFilePath, _workDirectory);
    }

    public Task WaitUntilReadyAsync(CancellationToken cancellationToken) =>
        WaitUntilReadyAsync(_process ?? throw new InvalidOperationException("not launched"), cancellationToken);

    /// <summary>The running process's id, for signals (SIGSTOP/SIGCONT).</summary>
    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    public Task<string> FourLetterWordAsync(string word, CancellationToken cancellationToken = default) =>
        FourLetterWords.SendAsync(ClientPort, word, TimeSpan.FromSeconds(10), cancellationToken);

    public async Task KillAsync()
    {
        if (_process is { } process)
        {
            await ChildProcesses.KillTreeAsync(process).ConfigureAwait(false);
            process.Dispose();
            _process = null;
        }
    }

    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await KillAsync().ConfigureAwait(false);
        await StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> StartExpectingExitAsync(TimeSpan timeout)
    {
        await KillAsync().ConfigureAwait(false);
        File.AppendAllText(LogFilePath, $"### harness: starting {_command}, expecting it to exit\n");
        using var process = ChildProcesses.StartWithOutputToFile(_command.FileName, _command.Arguments, LogFilePath, _workDirectory);
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await ChildProcesses.KillTreeAsync(process).ConfigureAwait(false);
            throw new TimeoutException($"{Kind} was still running after {timeout.TotalSeconds:0} s; log:\n{ReadLogTail()}");
        }
        return process.ExitCode;
    }

    public string ReadLogTail(int maxLines = 60) => LogTail.Read(LogFilePath, maxLines);

    public async ValueTask DisposeAsync()
    {
        await KillAsync().ConfigureAwait(false);
        if (Environment.GetEnvironmentVariable("CONFIGCENTER_KEEP_TEST_DIRS") == "1")
        {
            return;
        }

        try
        {
            Directory.Delete(_workDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A straggling writer can hold a file for a moment; a leftover temp dir is harmless.
        }
    }

    public override string ToString() => $"{Kind} on {ConnectString}";

    /// <summary>
    /// Apache ZooKeeper answers "ruok" with "imok" as soon as its socket accepts, before the database is loaded
    /// (other words then reply "This ZooKeeper instance is not currently serving requests"). "isro" answers
    /// "null" until the server runs, so that is the second half of readiness. Any other reply counts as
    /// serving, so a server without isro is not kept waiting.
    /// </summary>
    private async Task<bool> IsServingAsync(CancellationToken cancellationToken) =>
        await FourLetterWords.SendAsync(ClientPort, "isro", ProbeTimeout, cancellationToken).ConfigureAwait(false) != "null";

    /// <summary>Polls "ruok" until the server answers "imok" and is serving; fails fast if the process dies.</summary>
    private async Task WaitUntilReadyAsync(Process process, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        Exception? lastProbeFailure = null;
        while (clock.Elapsed < ReadyTimeout)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                throw new ServerStartException(
                    $"{Kind} exited with code {process.ExitCode} before answering ruok on port {ClientPort}. Command: {_command}",
                    ReadLogTail());
            }

            try
            {
                var reply = await FourLetterWords.SendAsync(ClientPort, "ruok", ProbeTimeout, cancellationToken).ConfigureAwait(false);
                if (reply == "imok" && await IsServingAsync(cancellationToken).ConfigureAwait(false))
                {
                    return;
                }

                lastProbeFailure = new InvalidOperationException($"ruok answered \"{reply}\" or the server was not serving yet");
            }
            catch (Exception exception) when ((exception is IOException or System.Net.Sockets.SocketException or OperationCanceledException)
                                              && !cancellationToken.IsCancellationRequested)
            {
                lastProbeFailure = exception; // Not listening yet.
            }

            // Poll interval between readiness probes, not a synchronisation sleep.
            await Task.Delay(ProbeInterval, cancellationToken).ConfigureAwait(false);
        }

        throw new ServerStartException(
            $"{Kind} did not answer ruok with imok on port {ClientPort} within {ReadyTimeout.TotalSeconds:0} s "
            + $"(last probe: {lastProbeFailure?.Message}). Command: {_command}",
            ReadLogTail(),
            lastProbeFailure);
    }
}
