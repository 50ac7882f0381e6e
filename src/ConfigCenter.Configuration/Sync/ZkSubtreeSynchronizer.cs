using ConfigCenter.Client;
using ConfigCenter.Client.Exceptions;
using ConfigCenter.Protocol;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Configuration.Sync;

/// <summary>
/// Keeps a mirror of the configuration subtree in step with the ensemble on a loop of its own (never on
/// the client's event thread, so a slow reload listener cannot stall watch delivery): a persistent
/// recursive watch on the root reports changed nodes, bursts are debounced, each cycle reads only the
/// reported nodes until it has a consistent cut, and every cut that changes the configuration is handed
/// to <c>publish</c>. After a reconnect or a new session the whole subtree is read once again, because
/// changes made while the client was away are not replayed to persistent watches.
/// </summary>
internal sealed class ZkSubtreeSynchronizer : IAsyncDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);

    private readonly ZkConfigurationOptions _options;
    private readonly Action<Dictionary<string, string?>> _publish;
    private readonly ILogger _logger;
    private readonly WorkSignal _signal = new();
    private readonly ChangeTracker _changes;
    private readonly ReloadDebouncer _debouncer;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _firstSync = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ZooKeeperClient _client;
    private readonly ConnectionMonitor _connection;
    private Task _loop = Task.CompletedTask;
    private int _resyncRequested;
    private Dictionary<string, string?>? _lastPublished;

    public ZkSubtreeSynchronizer(ZkConfigurationOptions options, Action<Dictionary<string, string?>> publish, ILogger logger)
    {
        _options = options;
        _publish = publish;
        _logger = logger;
        _changes = new ChangeTracker(_signal);
        _debouncer = new ReloadDebouncer(_signal, options.ReloadDelay, options.EffectiveMaxReloadDelay, TimeProvider.System);
        var clientOptions = new ZooKeeperClientOptions
        {
            ConnectString = options.ConnectString,
            SessionTimeout = options.SessionTimeout,
            ConnectionTimeout = options.StartupTimeout,
            RebuildSessionOnExpiry = true,
            LoggerFactory = options.LoggerFactory,
        };
        foreach (var auth in options.AuthInfo) clientOptions.AuthInfo.Add(auth);
        _client = new ZooKeeperClient(clientOptions);
        _connection = new ConnectionMonitor(_client, _signal);
    }

    /// <summary>Completes when the first consistent snapshot has been published; fails if the client can never connect.</summary>
    public Task FirstSync => _firstSync.Task;

    /// <summary>The session's client, for tests that must act on the provider's own session.</summary>
    internal ZooKeeperClient Client => _client;

    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>Asks for a full re-read of the subtree (as IConfigurationRoot.Reload does), without waiting for it.</summary>
    public void RequestResync()
    {
        Interlocked.Exchange(ref _resyncRequested, 1);
        _signal.Notify();
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested) return;
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        _connection.Dispose();
        await _client.DisposeAsync().ConfigureAwait(false);
        _firstSync.TrySetCanceled();
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var cycle = new SubtreeReadCycle(_client, _options.Root, _changes, _logger);
        var mirror = new SubtreeMirror(_options.Root);
        long watchedSession = 0;
        var resync = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await _connection.WaitUntilConnectedAsync(cancellationToken).ConfigureAwait(false);
                if (_client.SessionId != watchedSession)
                {
                    // A new session has no watches: add it before reading, so no change falls in between.
                    await _client.AddWatchAsync(_options.Root, AddWatchMode.PersistentRecursive, _changes, cancellationToken).ConfigureAwait(false);
                    watchedSession = _client.SessionId;
                    resync = true;
                }
                resync |= _connection.TakeResyncNeeded() | (Interlocked.Exchange(ref _resyncRequested, 0) == 1);

                if (resync)
                {
                    _changes.TakeAll(); // a full read covers whatever they reported
                    mirror = await cycle.RunAsync(mirror, new HashSet<string>(), fullResync: true, cancellationToken).ConfigureAwait(false);
                    resync = false;
                    Publish(mirror);
                    if (!_options.ReloadOnChange)
                    {
                        await _client.DisposeAsync().ConfigureAwait(false); // one snapshot was all that was asked for
                        return;
                    }
                    continue;
                }

                if (!_changes.HasPending)
                {
                    await _debouncer.WaitForSettledBurstAsync(cancellationToken).ConfigureAwait(false);
                    continue; // re-check the connection and resync flags before reading
                }
                var reported = _changes.TakeAll();
                mirror = await cycle.RunAsync(mirror, reported, fullResync: false, cancellationToken).ConfigureAwait(false);
                Publish(mirror);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (AuthFailedException exception)
            {
                _logger.LogError(exception, "ZooKeeper '{ConnectString}' refused the credentials; configuration at {Root} will not be updated",
                    _options.ConnectString, _options.Root);
                _firstSync.TrySetException(exception);
                return;
            }
            catch (Exception exception) when (exception is KeeperException or TimeoutException)
            {
                // The cycle's reads are lost with the connection; a full read after the reconnect makes up for them.
                _logger.LogWarning("Reading configuration at {Root} failed ({Error}); retrying after reconnecting", _options.Root, exception.Message);
                resync = true;
                await Task.Delay(RetryDelay, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                _logger.LogError(exception, "Unexpected failure synchronizing configuration at {Root}; retrying", _options.Root);
                resync = true;
                await Task.Delay(RetryDelay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private void Publish(SubtreeMirror mirror)
    {
        var configuration = mirror.BuildConfiguration();
        // A reconnect that finds nothing new must not wake every IOptionsMonitor listener.
        if (_lastPublished is null || !SameContent(_lastPublished, configuration))
        {
            _lastPublished = configuration;
            _publish(configuration);
        }
        _firstSync.TrySetResult();
    }

    private static bool SameContent(Dictionary<string, string?> left, Dictionary<string, string?> right) =>
        left.Count == right.Count
        && left.All(pair => right.TryGetValue(pair.Key, out var value) && string.Equals(pair.Value, value, StringComparison.Ordinal));
}
