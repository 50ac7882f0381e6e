using System.Threading.Channels;
using ConfigCenter.Client;
using ConfigCenter.Client.Exceptions;
using ConfigCenter.Client.Watches;
using ConfigCenter.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace ConfigCenter.Discovery;

/// <summary>
/// The watch-maintained list of one service's instances. No polling: a persistent recursive watch on
/// <c>{basePath}/{service}</c> reports every instance node created, changed or deleted, and one worker
/// re-reads what the events name (children list, then the data of new or changed children). The watch
/// is added before any read, so nothing between the two is missed. Persistent watches are restored
/// after a reconnect without the events missed meanwhile, so every reconnect re-reads everything; a new
/// session (after an expiry) re-adds the watch first. While disconnected the last list is served, marked
/// stale. Every published change gets a new snapshot, a fired change token and an event.
/// </summary>
internal sealed class ServiceInstanceCache : IWatcher, IAsyncDisposable
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(2);

    private readonly ZkDiscoveryConnection _connection;
    private readonly string _servicePath;
    private readonly ShrinkProtection _protection;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<ServiceInstancesChangedEventArgs> _onChanged;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _initialized = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _pendingGate = new();
    private readonly Dictionary<string, ZkServiceInstance?> _nodes = new(StringComparer.Ordinal);
    private PendingWork _pending = new() { ResyncAll = true };
    private ServiceInstancesSnapshot _snapshot;
    private ChangeSignal _changes = new();
    private long _watchSession;
    private bool _staleUntilResync = true;
    private ITimer? _protectionTimer;
    private Task _loop = Task.CompletedTask;

    public ServiceInstanceCache(
        string serviceId, ZkDiscoveryConnection connection, ZkDiscoveryClientOptions options, TimeProvider time, ILogger logger,
        Action<ServiceInstancesChangedEventArgs> onChanged)
    {
        ServiceId = serviceId;
        _connection = connection;
        _servicePath = RegistryPaths.ForService(connection.BasePath, serviceId);
        _protection = new ShrinkProtection(options.ProtectionThreshold, options.ProtectionTimeout);
        _time = time;
        _logger = logger;
        _onChanged = onChanged;
        _snapshot = ServiceInstancesSnapshot.Empty(serviceId);
    }

    public string ServiceId { get; }

    public ServiceInstancesSnapshot Current => Volatile.Read(ref _snapshot);

    /// <summary>Fires at the next published change. Take it before reading <see cref="Current"/> so no change slips between.</summary>
    public IChangeToken GetChangeToken() => Volatile.Read(ref _changes).Token;

    public void Start()
    {
        _loop = Task.Run(RunAsync);
        Wake();
    }

    /// <summary>
    /// Waits until the registry was read once, at most <paramref name="timeout"/>; then answers with what it has.
    /// The wait ends only once the snapshot of that first read is <see cref="Current"/>.
    /// </summary>
    public async Task<ServiceInstancesSnapshot> WaitForInitialLoadAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!_initialized.Task.IsCompleted)
        {
            try
            {
                await _initialized.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                _logger.LogWarning("No registry answer for {Service} within {Timeout}; serving what is known", ServiceId, timeout);
            }
        }
        return Current;
    }

    /// <summary>Told of every connection state change by the discovery client.</summary>
    public void OnConnectionStateChanged(ConnectionStateChange change)
    {
        lock (_pendingGate)
        {
            if (change.Current is ConnectionState.Connected or ConnectionState.ReadOnly)
            {
                // Missed events are not replayed for persistent watches: read everything again.
                _pending.ResyncAll = true;
            }
            else
            {
                _pending.ConnectionLost = true;
            }
        }
        Wake();
    }

    /// <summary>Watch events, on the client's dispatcher: note what changed and wake the worker, nothing more.</summary>
    public void Process(WatchedEvent watchedEvent)
    {
        if (watchedEvent.Type == EventType.None || watchedEvent.Path is not { } path) return;
        lock (_pendingGate)
        {
            if (path == _servicePath) _pending.ResyncAll = true;
            else if (ZkPath.Parent(path) == _servicePath) _pending.DirtyChildren.Add(ZkPath.Name(path));
            else return; // a deeper node: another service whose name extends ours
        }
        Wake();
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested) return;
        await _stop.CancelAsync().ConfigureAwait(false);
        _wake.Writer.TryComplete();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _protectionTimer?.Dispose();
        try
        {
            if (_connection.Client.CurrentState == ConnectionState.Connected)
                await _connection.Client.RemoveWatchesAsync(_servicePath, this, WatcherType.Any, local: true).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is KeeperException or ObjectDisposedException)
        {
            // The watch goes with the session anyway.
        }
        Volatile.Read(ref _changes).Source.Dispose();
    }

    private void Wake() => _wake.Writer.TryWrite(true);

    private async Task RunAsync()
    {
        var retryDelay = TimeSpan.FromMilliseconds(100);
        var token = _stop.Token;
        try
        {
            while (await _wake.Reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                _wake.Reader.TryRead(out _);
                var work = TakePending();
                try
                {
                    await ApplyAsync(work, token).ConfigureAwait(false);
                    retryDelay = TimeSpan.FromMilliseconds(100);
                }
                catch (Exception exception) when (!token.IsCancellationRequested && IsRetryable(exception))
                {
                    Restore(work);
                    _logger.LogDebug("Reading {Service} failed ({Reason}); trying again", ServiceId, exception.Message);
                    if (_connection.Client.CurrentState == ConnectionState.Connected)
                    {
                        // Connected but failing (e.g. a request timeout): back off. Otherwise the next
                        // Connected transition wakes us.
                        await Task.Delay(retryDelay, _time, token).ConfigureAwait(false);
                        retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, MaxRetryDelay.Ticks));
                        Wake();
                    }
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            _logger.LogError(exception, "The instance cache of {Service} stopped", ServiceId);
        }
    }

    private static bool IsRetryable(Exception exception) =>
        exception is KeeperException or TimeoutException or OperationCanceledException or IOException;

    private async Task ApplyAsync(PendingWork work, CancellationToken cancellationToken)
    {
        var client = _connection.Client;
        if (work.ConnectionLost) _staleUntilResync = true;
        if (client.CurrentState is not (ConnectionState.Connected or ConnectionState.ReadOnly))
        {
            // Keep serving the last list, marked stale, until the connection is back.
            Restore(work with { ConnectionLost = false });
            Publish(Current.Instances, Current.IsProtected, Current.RegisteredCount);
            return;
        }

        var session = client.SessionId;
        var resyncAll = work.ResyncAll;
        if (_watchSession != session)
        {
            // A new session has none of our watches: watch first, then read, so no change falls between.
            await client.AddWatchAsync(_servicePath, AddWatchMode.PersistentRecursive, this, cancellationToken).ConfigureAwait(false);
            _watchSession = session;
            resyncAll = true;
        }

        await ReadRegistryAsync(client, resyncAll, work.DirtyChildren, cancellationToken).ConfigureAwait(false);
        if (resyncAll && client.SessionId == session && client.CurrentState == ConnectionState.Connected) _staleUntilResync = false;

        var registered = _nodes.Values.OfType<ZkServiceInstance>().OrderBy(instance => instance.InstanceId, StringComparer.Ordinal).ToList();
        var decision = _protection.Decide(Current.Instances, registered, _time.GetUtcNow());
        LogProtection(decision, registered.Count);
        if (decision.IsProtected) ScheduleProtectionExpiry();
        Publish(decision.Instances, decision.IsProtected, registered.Count, synced: true);
    }

    private async Task ReadRegistryAsync(ZooKeeperClient client, bool resyncAll, HashSet<string> dirty, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> children;
        try
        {
            children = await client.GetChildrenAsync(_servicePath, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (NoNodeException)
        {
            children = [];
        }

        var present = new HashSet<string>(children, StringComparer.Ordinal);
        foreach (var gone in _nodes.Keys.Where(name => !present.Contains(name)).ToList()) _nodes.Remove(gone);

        // The client pipelines these reads on one connection.
        var toRead = children.Where(name => resyncAll || dirty.Contains(name) || !_nodes.ContainsKey(name)).ToList();
        var reads = toRead.Select(name => ReadInstanceAsync(client, name, cancellationToken)).ToList();
        var results = await Task.WhenAll(reads).ConfigureAwait(false);
        for (var i = 0; i < toRead.Count; i++)
        {
            if (results[i] is { } result) _nodes[toRead[i]] = result.Instance;
            else _nodes.Remove(toRead[i]); // deleted between the listing and the read
        }
    }

    private async Task<ReadResult?> ReadInstanceAsync(ZooKeeperClient client, string name, CancellationToken cancellationToken)
    {
        var path = ZkPath.Combine(_servicePath, name);
        try
        {
            var node = await client.GetDataAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (CuratorInstanceSerializer.TryDeserialize(node.Data, out var instance)) return new ReadResult(instance);
            _logger.LogWarning("Ignoring {Path}: its data is not a Curator ServiceInstance", path);
            return new ReadResult(null);
        }
        catch (NoNodeException)
        {
            return null;
        }
    }

    private void LogProtection(ShrinkProtection.Decision decision, int registeredCount)
    {
        switch (decision.Transition)
        {
            case ShrinkProtection.Transition.Started:
                _logger.LogWarning(
                    "Service {Service} dropped to {Registered} registered instances from {Served} in one step; keeping the previous list (protection threshold) until it recovers or {Until}",
                    ServiceId, registeredCount, Current.Instances.Count, _protection.HoldUntil);
                break;
            case ShrinkProtection.Transition.Released:
                _logger.LogInformation("Service {Service} recovered to {Registered} instances; protection released", ServiceId, registeredCount);
                break;
            case ShrinkProtection.Transition.Expired:
                _logger.LogWarning(
                    "Service {Service} stayed at {Registered} instances past the protection timeout; accepting the smaller list", ServiceId, registeredCount);
                break;
        }
    }

    /// <summary>
    /// Wakes the worker just after the hold ends. Re-armed after every held decision: a timer may fire a
    /// little early, and the hold must then be looked at again rather than forgotten.
    /// </summary>
    private void ScheduleProtectionExpiry()
    {
        if (_protection.HoldUntil is not { } until) return;
        var due = until - _time.GetUtcNow() + TimeSpan.FromMilliseconds(10);
        _protectionTimer?.Dispose();
        _protectionTimer = _time.CreateTimer(_ => Wake(), null, due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// Publishes a new snapshot when anything a reader can see differs; fires the token and the event.
    /// Order matters, for readers on other threads: the snapshot first, then the end of the initial-load
    /// wait, then the token and the event, so whoever is woken by any of them finds the new snapshot.
    /// </summary>
    private void Publish(IReadOnlyList<ZkServiceInstance> instances, bool isProtected, int registeredCount, bool synced = false)
    {
        var previous = Current;
        var stale = _staleUntilResync;
        var initialized = previous.IsInitialized || synced;
        var same = previous.IsStale == stale && previous.IsProtected == isProtected && previous.IsInitialized == initialized
                   && previous.RegisteredCount == registeredCount && previous.Instances.Count == instances.Count
                   && previous.Instances.Zip(instances).All(pair => pair.First.HasSameContent(pair.Second));
        if (same)
        {
            if (synced) _initialized.TrySetResult();
            return;
        }

        var current = new ServiceInstancesSnapshot(
            ServiceId, instances, registeredCount, stale, isProtected, initialized, previous.Version + 1,
            synced ? _time.GetUtcNow() : previous.SyncedAt);
        Volatile.Write(ref _snapshot, current);
        if (synced) _initialized.TrySetResult();

        // A fired source is left to the collector rather than disposed: a reader that took the signal just
        // before the swap must still be able to use its token.
        Interlocked.Exchange(ref _changes, new ChangeSignal()).Source.Cancel();
        _logger.LogDebug("Published {Snapshot}", current);
        try
        {
            _onChanged(new ServiceInstancesChangedEventArgs(previous, current));
        }
        catch (Exception exception)
        {
            _logger.LogError(exception, "A change handler of {Service} failed", ServiceId);
        }
    }

    private PendingWork TakePending()
    {
        lock (_pendingGate)
        {
            var work = _pending;
            _pending = new PendingWork();
            return work;
        }
    }

    /// <summary>Puts work that failed back, merged with whatever arrived meanwhile.</summary>
    private void Restore(PendingWork work)
    {
        lock (_pendingGate)
        {
            _pending.ResyncAll |= work.ResyncAll;
            _pending.ConnectionLost |= work.ConnectionLost;
            _pending.DirtyChildren.UnionWith(work.DirtyChildren);
        }
    }

    private sealed record ReadResult(ZkServiceInstance? Instance);

    /// <summary>One generation of the change token: the source the worker fires and the token readers get, made together.</summary>
    private sealed class ChangeSignal
    {
        public ChangeSignal() => Token = new CancellationChangeToken(Source.Token);

        public CancellationTokenSource Source { get; } = new();

        public IChangeToken Token { get; }
    }

    private sealed record PendingWork
    {
        public bool ResyncAll { get; set; }
        public bool ConnectionLost { get; set; }
        public HashSet<string> DirtyChildren { get; init; } = new(StringComparer.Ordinal);
    }
}
