using ConfigCenter.Client.Exceptions;
using ConfigCenter.Client.Recipes.Internal;
using ConfigCenter.Client.Watches;
using ConfigCenter.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConfigCenter.Client.Recipes.Caches;

/// <summary>
/// Keeps the latest data and status of one node in memory, as Curator's NodeCache: it loads the node when
/// started, then follows every change with one-shot data/exists watches, including deletion and re-creation.
/// </summary>
/// <remarks>
/// <para><see cref="Changed"/> is raised for each state the cache reads, in order, one at a time, from the
/// cache's own task; states never go backwards (reads are ordered on the session). Changes made faster than
/// the cache can read them are seen as their latest state, as with every ZooKeeper watch.</para>
/// <para>After a reconnect the cache reads the node again (the client restored the watch and reports what was
/// missed); after a new session (the client's RebuildSessionOnExpiry) it sets its watch again and reports the
/// difference, if any.</para>
/// </remarks>
public sealed class NodeCache : IAsyncDisposable
{
    private readonly ZooKeeperClient _client;
    private readonly ILogger _logger;
    private readonly SerialWorkQueue _work;
    private readonly IWatcher _watcher;
    private readonly object _gate = new();
    private ChildData? _current;
    private int _state; // 0 latent, 1 started, 2 closed

    /// <summary>Creates a cache of node <paramref name="path"/>; call <see cref="StartAsync"/> to load it.</summary>
    /// <param name="client">The client to read with.</param>
    /// <param name="path">The node to follow (it may not exist yet).</param>
    /// <param name="logger">Where to log; null logs nothing.</param>
    public NodeCache(ZooKeeperClient client, string path, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        RecipePaths.Validate(path);
        _client = client;
        _logger = logger ?? NullLogger.Instance;
        Path = path;
        _work = new SerialWorkQueue(_logger);
        _watcher = Watcher.Create(OnWatchedEvent);
    }

    /// <summary>The node followed.</summary>
    public string Path { get; }

    /// <summary>The node as last read, or null when it does not exist (or before the start).</summary>
    public ChildData? Current
    {
        get { lock (_gate) return _current; }
    }

    /// <summary>Raised with the node's new state each time the cache reads a different one (not for the initial load).</summary>
    public event EventHandler<NodeCacheChangedEventArgs>? Changed;

    /// <summary>Loads the node (<see cref="Current"/> is set when this returns) and starts following it.</summary>
    /// <exception cref="InvalidOperationException">The cache was started before.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0) throw new InvalidOperationException("A cache starts only once.");
        _client.StateChanged += OnStateChanged;
        await _work.RunAsync(() => RefreshAsync(notify: false, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Stops following the node.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _state, 2) == 2) return;
        _client.StateChanged -= OnStateChanged;
        await _work.DisposeAsync().ConfigureAwait(false);
    }

    private bool IsStarted => Volatile.Read(ref _state) == 1;

    /// <summary>
    /// Takes a state this client just wrote (known from the write's reply) without waiting for the watch, in
    /// order with the cache's reads; ignored when the cache already holds that state or a later one.
    /// </summary>
    internal Task OfferAsync(ChildData written) => _work.RunAsync(() =>
    {
        bool newer;
        lock (_gate) newer = _current is null || written.Stat.Mzxid > _current.Stat.Mzxid;
        if (newer && IsStarted) Update(written, notify: true);
        return Task.CompletedTask;
    });

    private void OnWatchedEvent(WatchedEvent watchedEvent)
    {
        if (watchedEvent.Type != EventType.None && IsStarted) _work.Post(() => RefreshAsync(notify: true, CancellationToken.None));
    }

    private void OnStateChanged(object? sender, ConnectionStateChange change)
    {
        // A reconnect may hide changes behind one event; a new session has no watches at all: read again either way.
        if (change.Current is ConnectionState.Connected or ConnectionState.ReadOnly && change.Previous is ConnectionState.Suspended or ConnectionState.Lost)
            _work.Post(() => RefreshAsync(notify: true, CancellationToken.None));
    }

    /// <summary>Reads the node, leaving a watch whether or not it exists, and reports a different state.</summary>
    private async Task RefreshAsync(bool notify, CancellationToken cancellationToken)
    {
        if (!IsStarted) return;
        try
        {
            while (true)
            {
                try
                {
                    var node = await _client.GetDataAsync(Path, _watcher, cancellationToken).ConfigureAwait(false);
                    Update(new ChildData(Path, node.Stat, node.Data), notify);
                    return;
                }
                catch (NoNodeException)
                {
                    // No data watch on a missing node: an exists watch waits for its creation.
                    if (await _client.ExistsAsync(Path, _watcher, cancellationToken).ConfigureAwait(false) is null)
                    {
                        Update(null, notify);
                        return;
                    }
                }
            }
        }
        catch (Exception exception) when (notify && exception is ConnectionLossException or SessionExpiredException)
        {
            // Read again after the reconnect (or new session) that must follow.
            _logger.LogDebug("Node cache {Path} read interrupted: {Reason}", Path, exception.Message);
        }
        catch (Exception exception) when (notify && exception is KeeperException or ObjectDisposedException)
        {
            _logger.LogWarning(exception, "Node cache {Path} could not read the node", Path);
        }
    }

    private void Update(ChildData? data, bool notify)
    {
        lock (_gate)
        {
            var changed = data is null ? _current is not null : data.DiffersFrom(_current);
            if (!changed) return;
            _current = data;
        }
        if (!notify) return;
        try
        {
            Changed?.Invoke(this, new NodeCacheChangedEventArgs(data));
        }
        catch (Exception exception)
        {
            _logger.LogError(exception, "A change handler of node cache {Path} failed", Path);
        }
    }
}
