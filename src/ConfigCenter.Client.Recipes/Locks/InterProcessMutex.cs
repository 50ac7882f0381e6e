using ConfigCenter.Client.Exceptions;
using ConfigCenter.Client.Recipes.Internal;
using ConfigCenter.Client.Watches;
using ConfigCenter.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConfigCenter.Client.Recipes.Locks;

/// <summary>
/// A distributed, re-entrant mutex, as Curator's InterProcessMutex: contenders queue as protected ephemeral
/// sequential nodes "_c_&lt;guid&gt;-lock-&lt;sequence&gt;" under <see cref="Path"/> and are served in order; each
/// waiter watches only its predecessor, so a release wakes one waiter.
/// </summary>
/// <remarks>
/// <para>One instance is one holder. Re-entrance is per instance (Curator's is per thread, which means
/// nothing to async code): while the instance holds the lock, further acquisitions succeed at once and
/// each must be matched by a release. Give each concurrent task its own instance.</para>
/// <para>A lock is only as good as the session behind it. When the connection is suspended the holder is
/// warned (<see cref="ConnectionSuspended"/>): the session may expire before the client reconnects, and
/// then another contender holds the lock while this holder has not been told yet, so work that needs
/// exclusivity should pause. When the session is lost, the client closes, or the lock node is deleted,
/// <see cref="LockLost"/> fires and <see cref="LockLostToken"/> is cancelled.</para>
/// </remarks>
public sealed class InterProcessMutex : IAsyncDisposable
{
    private readonly ZooKeeperClient _client;
    private readonly LockQueue _queue;
    private readonly ILogger _logger;
    private readonly Action? _checkBeforeAcquiring;
    private readonly SemaphoreSlim _acquireGate = new(1, 1);
    private readonly object _gate = new();
    private LockHold? _hold;

    /// <summary>Creates a mutex on the lock directory <paramref name="path"/>; nothing is sent until an acquisition.</summary>
    /// <param name="client">The client whose session holds the lock.</param>
    /// <param name="path">The lock's directory (created when missing).</param>
    /// <param name="logger">Where to log lock events; null logs nothing.</param>
    public InterProcessMutex(ZooKeeperClient client, string path, ILogger? logger = null)
        : this(client, path, new ExclusiveLockRule(LockNodeNames.Mutex), nodeData: null, logger)
    {
    }

    internal InterProcessMutex(
        ZooKeeperClient client, string path, ILockRule rule, byte[]? nodeData, ILogger? logger, Action? checkBeforeAcquiring = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        RecipePaths.Validate(path);
        _client = client;
        _logger = logger ?? NullLogger.Instance;
        _queue = new LockQueue(client, path, rule, nodeData, _logger);
        _checkBeforeAcquiring = checkBeforeAcquiring;
        Path = path;
    }

    /// <summary>The lock's directory.</summary>
    public string Path { get; }

    /// <summary>True while this instance holds the lock and has not learnt that it lost it.</summary>
    public bool IsAcquired
    {
        get { lock (_gate) return _hold is { IsLost: false }; }
    }

    /// <summary>The lock node this instance holds, or null.</summary>
    public string? LockNodePath
    {
        get { lock (_gate) return _hold?.NodePath; }
    }

    /// <summary>
    /// Cancelled when the lock this instance holds is lost (session expired, client closed, lock node
    /// deleted); already cancelled while the instance holds no lock. Read it after acquiring.
    /// </summary>
    public CancellationToken LockLostToken
    {
        get
        {
            lock (_gate) return _hold?.LostToken ?? new CancellationToken(canceled: true);
        }
    }

    /// <summary>How many node events have woken this instance's waits (diagnostics for the herd tests).</summary>
    internal int WakeUps => _queue.WakeUps;

    /// <summary>Called each time a wait for the predecessor starts (diagnostics for tests).</summary>
    internal Action? WaitStarted
    {
        set => _queue.WaitStarted = value;
    }

    /// <summary>
    /// Raised once when the held lock is lost. Runs on the client's event thread: keep it short.
    /// </summary>
    public event EventHandler<LockLostEventArgs>? LockLost;

    /// <summary>
    /// Raised while the lock is held when the connection is suspended: the lock may be lost if the session
    /// expires before the client reconnects. Runs on the client's event thread.
    /// </summary>
    public event EventHandler? ConnectionSuspended;

    /// <summary>Raised while the lock is held when the connection is back with the same session: the lock is still held.</summary>
    public event EventHandler? ConnectionReconnected;

    /// <summary>Waits until this instance holds the lock.</summary>
    /// <exception cref="OperationCanceledException">Cancelled; the queue node is removed.</exception>
    /// <exception cref="KeeperException">The session ended or the server refused (e.g. NoAuth).</exception>
    public async Task AcquireAsync(CancellationToken cancellationToken = default)
    {
        using var scope = new TimeoutScope(null, cancellationToken);
        await AcquireAsync(scope).ConfigureAwait(false);
    }

    /// <summary>Waits at most <paramref name="timeout"/> for the lock; false when the time ran out.</summary>
    /// <exception cref="OperationCanceledException">Cancelled; the queue node is removed.</exception>
    /// <exception cref="KeeperException">The session ended or the server refused (e.g. NoAuth).</exception>
    public async Task<bool> AcquireAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var scope = new TimeoutScope(timeout, cancellationToken);
        return await AcquireAsync(scope).ConfigureAwait(false);
    }

    /// <summary>
    /// Releases one acquisition; the last one deletes the lock node (retrying over connection losses). A
    /// lost lock is released the same way. The token only stops waiting for the deletion.
    /// </summary>
    /// <exception cref="InvalidOperationException">This instance does not hold the lock.</exception>
    public async Task ReleaseAsync(CancellationToken cancellationToken = default)
    {
        LockHold hold;
        lock (_gate)
        {
            if (_hold is null) throw new InvalidOperationException($"This instance does not hold the lock {Path}.");
            if (--_hold.Count > 0) return;
            hold = _hold;
            _hold = null;
        }
        _client.StateChanged -= OnStateChanged;
        await NodeRemoval.DeleteAsync(_client, hold.NodePath, _logger).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The contending lock nodes (holder first), as names under <see cref="Path"/>.</summary>
    public async Task<IReadOnlyList<string>> GetParticipantNodesAsync(CancellationToken cancellationToken = default) =>
        await _queue.ListContendersAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Releases the lock if this instance holds it, however often it was acquired.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_hold is null) return;
            _hold.Count = 1;
        }
        try
        {
            await ReleaseAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is KeeperException or InvalidOperationException)
        {
            _logger.LogWarning(exception, "Could not release the lock {Path} on dispose", Path);
        }
    }

    /// <summary>Acquires within the scope of a caller that already combined its timeout and token.</summary>
    internal async Task<bool> AcquireAsync(TimeoutScope scope)
    {
        if (TryReenter()) return true;
        _checkBeforeAcquiring?.Invoke();
        try
        {
            // Free gate first: even a zero timeout deserves one attempt.
            if (!_acquireGate.Wait(0)) await _acquireGate.WaitAsync(scope.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (scope.TimedOut)
        {
            return false;
        }

        try
        {
            // Another call of this instance may have taken the lock while we waited for the gate.
            if (TryReenter()) return true;
            // Subscribed before queueing, so a session loss right after the grant is not missed.
            _client.StateChanged += OnStateChanged;
            string? nodePath;
            try
            {
                nodePath = await _queue.AcquireAsync(scope).ConfigureAwait(false);
            }
            catch
            {
                _client.StateChanged -= OnStateChanged;
                throw;
            }
            if (nodePath is null)
            {
                _client.StateChanged -= OnStateChanged;
                return false;
            }

            var hold = new LockHold(nodePath);
            lock (_gate) _hold = hold;
            await WatchLockNodeAsync(hold).ConfigureAwait(false);
            if (_client.CurrentState is ConnectionState.Lost or ConnectionState.Closed or ConnectionState.AuthFailed)
                MarkLost(hold, _client.CurrentState == ConnectionState.Lost ? LockLostReason.SessionExpired : LockLostReason.ClientClosed);
            return true;
        }
        finally
        {
            _acquireGate.Release();
        }
    }

    private bool TryReenter()
    {
        lock (_gate)
        {
            if (_hold is null) return false;
            if (_hold.IsLost) throw new InvalidOperationException($"The lock {Path} was lost; release it before acquiring it again.");
            _hold.Count++;
            return true;
        }
    }

    /// <summary>Watches our own lock node, so its deletion by someone else is noticed (best effort: the session covers the rest).</summary>
    private async Task WatchLockNodeAsync(LockHold hold)
    {
        var watcher = Watcher.Create(watchedEvent =>
        {
            if (watchedEvent.Type == EventType.NodeDeleted) MarkLost(hold, LockLostReason.NodeDeleted);
            else if (watchedEvent.Type == EventType.NodeDataChanged) _ = WatchLockNodeAsync(hold);
        });
        try
        {
            if (await _client.ExistsAsync(hold.NodePath, watcher).ConfigureAwait(false) is null) MarkLost(hold, LockLostReason.NodeDeleted);
        }
        catch (Exception exception) when (exception is KeeperException or ObjectDisposedException)
        {
            _logger.LogDebug("Not watching lock node {Path}: {Reason}", hold.NodePath, exception.Message);
        }
    }

    private void OnStateChanged(object? sender, ConnectionStateChange change)
    {
        LockHold? hold;
        lock (_gate) hold = _hold;
        if (hold is null || hold.IsLost) return;
        switch (change.Current)
        {
            case ConnectionState.Suspended:
                _logger.LogWarning("Connection suspended while holding the lock {Path}: it may be lost", Path);
                ConnectionSuspended?.Invoke(this, EventArgs.Empty);
                break;
            case ConnectionState.Connected or ConnectionState.ReadOnly when change.Previous == ConnectionState.Suspended:
                _logger.LogInformation("Reconnected with the same session: the lock {Path} is still held", Path);
                ConnectionReconnected?.Invoke(this, EventArgs.Empty);
                break;
            case ConnectionState.Lost:
                MarkLost(hold, LockLostReason.SessionExpired);
                break;
            case ConnectionState.Closed or ConnectionState.AuthFailed:
                MarkLost(hold, LockLostReason.ClientClosed);
                break;
        }
    }

    private void MarkLost(LockHold hold, LockLostReason reason)
    {
        lock (_gate)
        {
            if (hold.IsLost || !ReferenceEquals(hold, _hold)) return;
            hold.IsLost = true;
        }
        _logger.LogWarning("Lock {Path} lost ({Reason})", Path, reason);
        hold.SignalLost();
        LockLost?.Invoke(this, new LockLostEventArgs(reason, hold.NodePath));
    }
}
