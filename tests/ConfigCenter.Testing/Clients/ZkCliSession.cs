using System.Diagnostics;
using ConfigCenter.Testing.Infrastructure;

namespace ConfigCenter.Testing.Clients;

/// <summary>
/// A live zkCli (org.apache.zookeeper.ZooKeeperMain) fed through stdin. Without JLine on the classpath zkCli
/// reads stdin line by line with a plain reader, prints no prompt, and runs each command to completion before
/// reading the next; watch notifications arrive on another thread at any time.
/// </summary>
public sealed class ZkCliSession : IAsyncDisposable
{
    /// <summary>Printed when zkCli's watcher sees the session connect.</summary>
    public const string ConnectedLine = "WatchedEvent state:SyncConnected type:None path:null";

    // "printwatches" without arguments has no side effect and prints a fixed line: sent after a command,
    // its reply marks that the command finished, because zkCli runs commands strictly in order.
    private const string CompletionProbe = "printwatches";
    private const string CompletionProbeReply = "printwatches is on";

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly ObservableLines _lines = new();
    private readonly SemaphoreSlim _commandGate = new(1, 1);
    private readonly Task _reader;

    private ZkCliSession(Process process)
    {
        _process = process;
        _reader = PumpOutputAsync();
    }

    /// <summary>Every line zkCli printed so far, stdout and stderr merged, including completion-probe replies.</summary>
    public IReadOnlyList<string> Output => _lines.Snapshot();

    /// <summary>How many lines have arrived; pass it as <c>fromLine</c> to wait only for output that comes later.</summary>
    public int LineCount => _lines.Count;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts zkCli against <paramref name="connectString"/> and waits until its session is connected.</summary>
    public static async Task<ZkCliSession> StartAsync(string connectString, CancellationToken cancellationToken = default)
    {
        var process = ChildProcesses.StartWithMergedOutput(
            ZkCliCommandLine.FileName, ZkCliCommandLine.Arguments(connectString), Path.GetTempPath());
        var session = new ZkCliSession(process);
        try
        {
            await session.WaitForLineAsync(line => line == ConnectedLine, "a connected session", cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            return session;
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs one command and returns the lines printed until it finished (possibly with interleaved watch events).</summary>
    public async Task<IReadOnlyList<string>> ExecuteAsync(
        string command, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        await _commandGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var start = _lines.Count;
            await WriteAsync($"{command}\n{CompletionProbe}\n", cancellationToken).ConfigureAwait(false);
            var end = await _lines.WaitForAsync(
                line => line == CompletionProbeReply,
                $"completion of \"{command}\"",
                start,
                timeout ?? DefaultTimeout,
                cancellationToken).ConfigureAwait(false);
            var lines = _lines.Snapshot();
            return [.. lines.Skip(start).Take(end - start)];
        }
        finally
        {
            _commandGate.Release();
        }
    }

    /// <summary>Sends a command without waiting for it to finish.</summary>
    public async Task SendAsync(string command, CancellationToken cancellationToken = default)
    {
        await _commandGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await WriteAsync($"{command}\n", cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _commandGate.Release();
        }
    }

    /// <summary>Waits for a line containing <paramref name="text"/> at index <paramref name="fromLine"/> or later; returns it.</summary>
    public Task<string> WaitForLineAsync(
        string text, int fromLine = 0, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        WaitForLineAsync(line => line.Contains(text, StringComparison.Ordinal), $"\"{text}\"", fromLine, timeout, cancellationToken);

    public async Task<string> WaitForLineAsync(
        Func<string, bool> predicate,
        string description,
        int fromLine = 0,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var index = await _lines.WaitForAsync(predicate, description, fromLine, timeout ?? DefaultTimeout, cancellationToken)
            .ConfigureAwait(false);
        return _lines.Snapshot()[index];
    }

    /// <summary>
    /// Waits until <paramref name="count"/> lines at index <paramref name="fromLine"/> or later satisfy
    /// <paramref name="predicate"/>, and returns the first <paramref name="count"/> of them in output order.
    /// </summary>
    public async Task<IReadOnlyList<string>> WaitForLinesAsync(
        Func<string, bool> predicate,
        int count,
        string description,
        int fromLine = 0,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var budget = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        var found = new List<string>(count);
        var next = fromLine;
        while (found.Count < count)
        {
            var remaining = budget - clock.Elapsed;
            var index = await _lines.WaitForAsync(
                predicate,
                $"{description} (#{found.Count + 1} of {count}; found so far: [{string.Join(", ", found)}])",
                next,
                remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero,
                cancellationToken).ConfigureAwait(false);
            found.Add(_lines.Snapshot()[index]);
            next = index + 1;
        }

        return found;
    }

    /// <summary>Sends "quit" (which closes the ZooKeeper session, so its ephemerals go at once) and waits for the exit code.</summary>
    public async Task<int> QuitAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        await SendAsync("quit", cancellationToken).ConfigureAwait(false);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout ?? DefaultTimeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"zkCli did not exit after quit.\n--- output ---\n{string.Join('\n', Output)}");
        }

        await _reader.ConfigureAwait(false);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        await ChildProcesses.KillTreeAsync(_process).ConfigureAwait(false);
        await _reader.ConfigureAwait(false);
        _process.Dispose();
        _commandGate.Dispose();
    }

    private async Task WriteAsync(string text, CancellationToken cancellationToken)
    {
        try
        {
            await _process.StandardInput.WriteAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
            await _process.StandardInput.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException exception)
        {
            throw new InvalidOperationException(
                $"zkCli is no longer reading commands.\n--- output ---\n{string.Join('\n', Output)}", exception);
        }
    }

    private async Task PumpOutputAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                _lines.Add(line);
            }
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException)
        {
            // The process was killed mid-line; what arrived is kept.
        }
        finally
        {
            _lines.Complete();
        }
    }
}
