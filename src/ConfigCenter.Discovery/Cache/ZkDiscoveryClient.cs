using System.Collections.Concurrent;
using ConfigCenter.Client;
using ConfigCenter.Client.Exceptions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace ConfigCenter.Discovery;

/// <summary>
/// Discovery over the ZooKeeper registry: one watch-maintained <see cref="ServiceInstancesSnapshot"/> per
/// service looked up, started on first use, kept current by pushed changes, served stale while the
/// session is away and protected against mass disappearance (see <see cref="ZkDiscoveryClientOptions"/>).
/// </summary>
public sealed class ZkDiscoveryClient : IDiscoveryClient, IAsyncDisposable
{
    private readonly ZkDiscoveryConnection _connection;
    private readonly ZkDiscoveryClientOptions _options;
    private readonly IServiceRegistrar? _registrar;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, ServiceInstanceCache> _caches = new(StringComparer.Ordinal);
    private readonly object _cachesGate = new();
    private ISet<string> _lastServiceIds = new HashSet<string>(StringComparer.Ordinal);
    private bool _disposed;

    /// <summary>Creates the client; it reads nothing until a service is looked up.</summary>
    [ActivatorUtilitiesConstructor]
    public ZkDiscoveryClient(
        ZkDiscoveryConnection connection, IOptions<ZkDiscoveryClientOptions> options, ILogger<ZkDiscoveryClient> logger,
        IServiceRegistrar? registrar = null)
        : this(connection, options, logger, registrar, TimeProvider.System)
    {
    }

    internal ZkDiscoveryClient(
        ZkDiscoveryConnection connection, IOptions<ZkDiscoveryClientOptions> options, ILogger<ZkDiscoveryClient> logger,
        IServiceRegistrar? registrar, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        _connection = connection;
        _options = options.Value;
        _options.Validate();
        _registrar = registrar;
        _time = time;
        _logger = logger;
        _connection.Client.StateChanged += OnStateChanged;
    }

    /// <inheritdoc/>
    public string Description => $"ZooKeeper registry at {_connection.Options.ConnectString}{_connection.BasePath}";

    /// <inheritdoc/>
    public event EventHandler<ServiceInstancesChangedEventArgs>? InstancesChanged;

    /// <inheritdoc/>
    public IServiceInstance? GetLocalServiceInstance() => _registrar?.Instance;

    /// <inheritdoc/>
    /// <remarks>Read from the registry (top-level service names); while it is unreachable, the last answer.</remarks>
    public async Task<ISet<string>> GetServiceIdsAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.InitialLoadTimeout);
        try
        {
            var client = await _connection.GetConnectedClientAsync(timeout.Token).ConfigureAwait(false);
            var names = await client.GetChildrenAsync(_connection.BasePath, cancellationToken: timeout.Token).ConfigureAwait(false);
            var ids = new HashSet<string>(names, StringComparer.Ordinal);
            Volatile.Write(ref _lastServiceIds, ids);
            return ids;
        }
        catch (NoNodeException)
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested
                                          && exception is KeeperException or TimeoutException or OperationCanceledException)
        {
            _logger.LogWarning("Listing services failed ({Reason}); answering with the last known list", exception.Message);
            var known = new HashSet<string>(Volatile.Read(ref _lastServiceIds), StringComparer.Ordinal);
            known.UnionWith(_caches.Values.Where(cache => cache.Current.Instances.Count > 0).Select(cache => cache.ServiceId));
            return known;
        }
    }

    /// <inheritdoc/>
    public async Task<IList<IServiceInstance>> GetInstancesAsync(string serviceId, CancellationToken cancellationToken = default)
    {
        var snapshot = await GetSnapshotAsync(serviceId, cancellationToken).ConfigureAwait(false);
        var instances = _options.IncludeNonRoutableInstances ? snapshot.Instances : snapshot.RoutableInstances;
        return [.. instances];
    }

    /// <summary>
    /// The service's snapshot: every instance with its status, and whether the list is stale or protected.
    /// The first call for a service starts watching it and waits (at most
    /// <see cref="ZkDiscoveryClientOptions.InitialLoadTimeout"/>) for the first read.
    /// </summary>
    public Task<ServiceInstancesSnapshot> GetSnapshotAsync(string serviceId, CancellationToken cancellationToken = default) =>
        CacheFor(serviceId).WaitForInitialLoadAsync(_options.InitialLoadTimeout, cancellationToken);

    /// <summary>The service's snapshot as it is now, without waiting; starts watching the service if needed.</summary>
    public ServiceInstancesSnapshot GetCachedSnapshot(string serviceId) => CacheFor(serviceId).Current;

    /// <summary>
    /// A token that fires at the service's next change. Take it before reading a snapshot: a change
    /// published after the token was taken always fires it.
    /// </summary>
    public IChangeToken GetChangeToken(string serviceId) => CacheFor(serviceId).GetChangeToken();

    /// <inheritdoc/>
    public async Task ShutdownAsync(CancellationToken cancellationToken = default) => await DisposeAsync().ConfigureAwait(false);

    /// <summary>Stops every service's watch.</summary>
    public async ValueTask DisposeAsync()
    {
        ServiceInstanceCache[] caches;
        lock (_cachesGate)
        {
            if (_disposed) return;
            _disposed = true;
            caches = [.. _caches.Values];
            _caches.Clear();
        }
        _connection.Client.StateChanged -= OnStateChanged;
        foreach (var cache in caches) await cache.DisposeAsync().ConfigureAwait(false);
    }

    private ServiceInstanceCache CacheFor(string serviceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);
        if (_caches.TryGetValue(serviceId, out var existing)) return existing;
        lock (_cachesGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_caches.TryGetValue(serviceId, out existing)) return existing;
            var cache = new ServiceInstanceCache(serviceId, _connection, _options, _time, _logger, RaiseChanged);
            _caches[serviceId] = cache;
            cache.Start();
            // A consumer-only process has nobody else asking for the session: ask for it.
            _ = EnsureConnectingAsync();
            return cache;
        }
    }

    private async Task EnsureConnectingAsync()
    {
        try
        {
            await _connection.GetConnectedClientAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is TimeoutException or KeeperException or ObjectDisposedException)
        {
            _logger.LogWarning("No ZooKeeper session for discovery yet: {Reason}", exception.Message);
        }
    }

    private void OnStateChanged(object? sender, ConnectionStateChange change)
    {
        foreach (var cache in _caches.Values) cache.OnConnectionStateChanged(change);
    }

    private void RaiseChanged(ServiceInstancesChangedEventArgs change) => InstancesChanged?.Invoke(this, change);
}
