using System.Diagnostics;
using ConfigCenter.Testing.Infrastructure;

namespace ConfigCenter.Testing.Servers;

/// <summary>One process of a <see cref="ZkEnsemble"/>: crash it, pause it, wipe it, restart it.</summary>
public sealed class ZkEnsembleMember : IAsyncDisposable
{
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(50);
    private readonly ZkServerProcess _process;

    internal ZkEnsembleMember(long id, bool isObserver, ZkServerProcess process)
    {
        Id = id;
        IsObserver = isObserver;
        _process = process;
    }

    public long Id { get; }
    public bool IsObserver { get; }
    public int ClientPort => _process.ClientPort;
    public string ConnectString => _process.ConnectString;
    public string DataDirectory => _process.DataDirectory;
    public string LogFilePath => _process.LogFilePath;
    public bool IsRunning => _process.ProcessId is not null;

    internal void Launch() => _process.Launch();

    /// <summary>Waits until the member answers and serves clients (it has a leader and is synced).</summary>
    public Task WaitUntilServingAsync(CancellationToken cancellationToken = default) => _process.WaitUntilReadyAsync(cancellationToken);

    /// <summary>SIGKILL, as a crash.</summary>
    public Task KillAsync() => _process.KillAsync();

    /// <summary>Starts the (killed) member again and waits until it serves.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => _process.StartAsync(cancellationToken);

    /// <summary>SIGSTOP: the process freezes with its sockets open, as a long GC pause or a hung VM would.</summary>
    public Task PauseAsync() => SignalAsync("STOP");

    /// <summary>SIGCONT after <see cref="PauseAsync"/>.</summary>
    public Task ResumeAsync() => SignalAsync("CONT");

    /// <summary>Deletes everything in the data directory but myid (the member must be stopped).</summary>
    public void WipeData()
    {
        if (IsRunning) throw new InvalidOperationException("stop the member before wiping its data");
        foreach (var file in Directory.EnumerateFiles(DataDirectory).Where(f => Path.GetFileName(f) != "myid")) File.Delete(file);
        foreach (var dir in Directory.EnumerateDirectories(DataDirectory)) Directory.Delete(dir, recursive: true);
    }

    public Task<string> FourLetterWordAsync(string word, CancellationToken cancellationToken = default) =>
        _process.FourLetterWordAsync(word, cancellationToken);

    /// <summary>"leader", "follower", "observer", or null when the member does not serve (or does not answer).</summary>
    public async Task<string?> TryModeAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var srvr = await FourLetterWordAsync("srvr", cancellationToken).ConfigureAwait(false);
            var line = srvr.Split('\n').FirstOrDefault(l => l.StartsWith("Mode: ", StringComparison.Ordinal));
            return line?["Mode: ".Length..].Trim();
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or TimeoutException or OperationCanceledException
                                  && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>What srvr answers on a member that has no quorum behind it.</summary>
    public const string NotServingReply = "This ZooKeeper instance is not currently serving requests\n";

    /// <summary>Probes srvr until the member stops serving (it lost its quorum) and returns the reply.</summary>
    public Task<string> WaitUntilNotServingAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitForFourLetterWordAsync("srvr", reply => reply.StartsWith("This ZooKeeper instance", StringComparison.Ordinal), timeout, cancellationToken);

    /// <summary>Sends <paramref name="word"/> until its reply satisfies <paramref name="until"/>, and returns that reply.</summary>
    public async Task<string> WaitForFourLetterWordAsync(string word, Func<string, bool> until, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            var reply = await FourLetterWordAsync(word, deadline.Token).ConfigureAwait(false);
            if (until(reply)) return reply;
            // Poll interval between status probes, not a synchronisation sleep.
            await Task.Delay(ProbeInterval, deadline.Token).ConfigureAwait(false);
        }
    }

    public string ReadLogTail(int maxLines = 60) => _process.ReadLogTail(maxLines);

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private async Task SignalAsync(string signal)
    {
        var pid = _process.ProcessId ?? throw new InvalidOperationException("the member is not running");
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))!;
        await kill.WaitForExitAsync().ConfigureAwait(false);
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill -{signal} {pid} failed");
    }
}
