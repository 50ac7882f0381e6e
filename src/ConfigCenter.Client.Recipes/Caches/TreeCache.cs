using ConfigCenter.Client.Exceptions;
using ConfigCenter.Client.Recipes.Internal;
using ConfigCenter.Client.Watches;
using ConfigCenter.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConfigCenter.Client.Recipes.Caches;

/// <summary>
/// Keeps a whole subtree (data and status of every node below <see cref="Path"/>, the root included) in memory
/// and reports its changes, as Curator's TreeCache and CuratorCache: NodeAdded for every node of the initial
/// load (parents first) then Initialized, then NodeAdded, NodeUpdated and NodeRemoved as the tree changes.
/// </summary>
/// <remarks>
/// <para>Changes are learnt from one persistent recursive watch on the root (or, in
/// <see cref="TreeCacheWatchMode.OneShot"/> mode or on servers without addWatch, from data and child watches on
/// every node). On each event the cache reads the node's current state and reports the difference from what it
/// holds, so it never goes back to an older state, and fast changes may be seen as their latest state only.</para>
/// <para>A persistent watch does not replay changes made while the client was disconnected, and a new session has
/// no watches at all: after every reconnect and every new session (the client's RebuildSessionOnExpiry) the cache
/// reads the whole subtree again and reports the differences (removals first, deepest first; then additions and
/// updates, parents first), after a ConnectionReconnected event.</para>
/// <para><see cref="Changed"/> is raised one event at a time, in order, from the cache's own task.</para>
/// </remarks>
public sealed class TreeCache : IAsyncDisposable
{
    private readonly ZooKeeperClient _client;
    private readonly ILogger _logger;
    private readonly SerialWorkQueue _work;
    private readonly IWatcher _watcher;
    private readonly object _gate = new();
    private readonly CachedTree _tree;
    private int _state; // 0 latent, 1 started, 2 closed
    private volatile TreeCacheWatchMode _mode;

    /// <summary>Creates a cache of the subtree at <paramref name="path"/>; call <see cref="StartAsync"/> to load it.</summary>
    /// <param name="client">The client to read with.</param>
    /// <param name="path">The subtree's root (it may not exist yet).</param>
    /// <param name="options">Watch mode and logger.</param>
    public TreeCache(ZooKeeperClient client, string path, TreeCacheOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        RecipePaths.Validate(path);
        _client = client;
        Path = path;
        _mode = options?.WatchMode ?? TreeCacheWatchMode.PersistentRecursive;
        _logger = options?.Logger ?? NullLogger.Instance;
        _work = new SerialWorkQueue(_logger);
        _watcher = Watcher.Create(OnWatchedEvent);
        _tree = new CachedTree(path);
    }

    /// <summary>The subtree's root.</summary>
    public string Path { get; }

    /// <summary>How the cache learns of changes (OneShot after a fallback from an addWatch the server lacks).</summary>
    public TreeCacheWatchMode WatchMode => _mode;

    /// <summary>Raised for every change, in order; see <see cref="TreeCacheEventType"/>.</summary>
    public event EventHandler<TreeCacheEvent>? Changed;

    /// <summary>
    /// Loads the subtree, reporting every node and then Initialized, and starts following it. When the load
    /// fails the exception is thrown; the cache stays started and loads the tree again after the next reconnect.
    /// </summary>
    /// <exception cref="InvalidOperationException">The cache was started before.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0) throw new InvalidOperationException("A cache starts only once.");
        _client.StateChanged += OnStateChanged;
        await _work.RunAsync(async () =>
        {
            await WatchRootAsync(cancellationToken).ConfigureAwait(false);
            await ResyncAsync(cancellationToken).ConfigureAwait(false);
            Emit(new TreeCacheEvent(TreeCacheEventType.Initialized));
        }).ConfigureAwait(false);
    }

    /// <summary>The cached node at <paramref name="path"/>, or null.</summary>
    public ChildData? GetCurrentData(string path)
    {
        lock (_gate) return _tree.Get(path);
    }

    /// <summary>The cached children of <paramref name="path"/> by name, or null when that node is not cached.</summary>
    public IReadOnlyDictionary<string, ChildData>? GetCurrentChildren(string path)
    {
        lock (_gate) return _tree.ChildrenOf(path);
    }

    /// <summary>Every cached node by path.</summary>
    public IReadOnlyDictionary<string, ChildData> GetSnapshot()
    {
        lock (_gate) return _tree.Snapshot();
    }

    /// <summary>Stops following the subtree (and removes the persistent watch).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _state, 2) == 2) return;
        _client.StateChanged -= OnStateChanged;
        await _work.DisposeAsync().ConfigureAwait(false);
        if (_mode != TreeCacheWatchMode.PersistentRecursive) return;
        try
        {
            await _client.RemoveWatchesAsync(Path, _watcher, WatcherType.Any, local: true).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is KeeperException or ObjectDisposedException)
        {
            _logger.LogDebug("Tree cache {Path}: watch not removed: {Reason}", Path, exception.Message);
        }
    }

    private bool IsStarted => Volatile.Read(ref _state) == 1;

    /// <summary>Sets the persistent recursive watch (again, for a new session), falling back to one-shot watches when the server lacks addWatch.</summary>
    private async Task WatchRootAsync(CancellationToken cancellationToken)
    {
        if (_mode != TreeCacheWatchMode.PersistentRecursive) return;
        try
        {
            await _client.AddWatchAsync(Path, AddWatchMode.PersistentRecursive, _watcher, cancellationToken).ConfigureAwait(false);
        }
        catch (UnimplementedException)
        {
            _logger.LogInformation("Tree cache {Path}: the server has no persistent watches; using one-shot watches", Path);
            _mode = TreeCacheWatchMode.OneShot;
        }
    }

    private IWatcher? OneShotWatcher => _mode == TreeCacheWatchMode.OneShot ? _watcher : null;

    private void OnWatchedEvent(WatchedEvent watchedEvent)
    {
        if (!IsStarted || watchedEvent.Path is not { } path || !ZkPath.IsAtOrBelow(path, Path)) return;
        switch (watchedEvent.Type)
        {
            case EventType.NodeCreated or EventType.NodeDeleted or EventType.NodeDataChanged:
                _work.Post(() => RunSafelyAsync(() => ReconcileNodeAsync(path)));
                break;
            case EventType.NodeChildrenChanged:
                _work.Post(() => RunSafelyAsync(() => ReconcileChildrenAsync(path)));
                break;
        }
    }

    private void OnStateChanged(object? sender, ConnectionStateChange change) => _work.Post(() => RunSafelyAsync(async () =>
    {
        if (!IsStarted) return;
        switch (change.Current)
        {
            case ConnectionState.Suspended:
                Emit(new TreeCacheEvent(TreeCacheEventType.ConnectionSuspended));
                break;
            case ConnectionState.Lost:
                Emit(new TreeCacheEvent(TreeCacheEventType.ConnectionLost));
                break;
            case ConnectionState.Connected or ConnectionState.ReadOnly when change.Previous is ConnectionState.Suspended or ConnectionState.Lost:
                Emit(new TreeCacheEvent(TreeCacheEventType.ConnectionReconnected));
                // A new session has no watches; the old one's persistent watch was restored, but not what it missed.
                if (change.Previous == ConnectionState.Lost) await WatchRootAsync(CancellationToken.None).ConfigureAwait(false);
                await ResyncAsync(CancellationToken.None).ConfigureAwait(false);
                break;
        }
    }));

    /// <summary>Reads the whole subtree and reports how it differs from the cache.</summary>
    private async Task ResyncAsync(CancellationToken cancellationToken)
    {
        var fresh = await SubtreeReader.ReadAsync(_client, Path, OneShotWatcher, cancellationToken).ConfigureAwait(false);
        List<TreeCacheEvent> events;
        lock (_gate) events = _tree.Replace(fresh);
        foreach (var change in events) Emit(change);
    }

    /// <summary>Reads one node and reports how it differs from the cache (its parents first, when not cached yet).</summary>
    private async Task ReconcileNodeAsync(string path)
    {
        var data = await SubtreeReader.ReadNodeAsync(_client, path, OneShotWatcher, CancellationToken.None).ConfigureAwait(false);
        if (data is null)
        {
            List<TreeCacheEvent> removed;
            lock (_gate) removed = _tree.RemoveSubtree(path);
            foreach (var change in removed) Emit(change);
            if (path == Path && OneShotWatcher is { } watcher && await _client.ExistsAsync(path, watcher).ConfigureAwait(false) is not null)
                await ReconcileNodeAsync(path).ConfigureAwait(false); // re-created meanwhile
            return;
        }

        bool known, parentKnown;
        lock (_gate)
        {
            known = _tree.Contains(path);
            parentKnown = path == Path || _tree.Contains(ZkPath.Parent(path));
        }
        if (!known && !parentKnown)
        {
            await ReconcileNodeAsync(ZkPath.Parent(path)).ConfigureAwait(false);
            lock (_gate) parentKnown = _tree.Contains(ZkPath.Parent(path));
            if (!parentKnown) return; // the parent is gone, and this node with it
        }

        if (!known && OneShotWatcher is { } oneShot)
        {
            // Nobody watches below a node new to the cache: read (and watch) its whole subtree.
            var subtree = await SubtreeReader.ReadAsync(_client, path, oneShot, CancellationToken.None).ConfigureAwait(false);
            List<TreeCacheEvent> added;
            lock (_gate) added = [.. subtree.Select(_tree.Put).OfType<TreeCacheEvent>()];
            foreach (var change in added) Emit(change);
            return;
        }

        TreeCacheEvent? update;
        lock (_gate) update = _tree.Put(data);
        if (update is not null) Emit(update);
    }

    /// <summary>One-shot mode: a node's children changed; drop the ones gone and load the new ones.</summary>
    private async Task ReconcileChildrenAsync(string path)
    {
        lock (_gate)
        {
            if (!_tree.Contains(path)) return;
        }
        var names = await SubtreeReader.ReadChildrenAsync(_client, path, OneShotWatcher, CancellationToken.None).ConfigureAwait(false);
        if (names is null)
        {
            await ReconcileNodeAsync(path).ConfigureAwait(false);
            return;
        }
        var present = names.Select(name => ZkPath.Combine(path, name)).ToHashSet(StringComparer.Ordinal);
        List<TreeCacheEvent> removed = [];
        List<string> added;
        lock (_gate)
        {
            foreach (var gone in _tree.ChildPathsOf(path).Where(child => !present.Contains(child))) removed.AddRange(_tree.RemoveSubtree(gone));
            added = [.. present.Where(child => !_tree.Contains(child)).Order(StringComparer.Ordinal)];
        }
        foreach (var change in removed) Emit(change);
        foreach (var child in added) await ReconcileNodeAsync(child).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs a reaction; a connection or session failure is left to the resync that the reconnect (or new
    /// session) triggers, other failures are logged.
    /// </summary>
    private async Task RunSafelyAsync(Func<Task> reaction)
    {
        if (!IsStarted) return;
        try
        {
            await reaction().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is ConnectionLossException or SessionExpiredException)
        {
            _logger.LogDebug("Tree cache {Path}: interrupted ({Reason}); the resync after the reconnect catches up", Path, exception.Message);
        }
        catch (Exception exception) when (exception is KeeperException or ObjectDisposedException)
        {
            _logger.LogWarning(exception, "Tree cache {Path} could not follow a change", Path);
        }
    }

    private void Emit(TreeCacheEvent change)
    {
        if (!IsStarted) return;
        try
        {
            Changed?.Invoke(this, change);
        }
        catch (Exception exception)
        {
            _logger.LogError(exception, "A change handler of tree cache {Path} failed", Path);
        }
    }
}
