using ConfigCenter.Client;
using ConfigCenter.Client.Exceptions;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConfigCenter.Discovery;

/// <summary>
/// Keeps the application's instance registered as an EPHEMERAL znode in Curator's layout and format.
/// On every (re)connection it checks the node: present and owned by this session is fine; missing (a
/// new session after an expiry) or owned by another session (a leftover of an expired one) is deleted
/// and created again. Parents are CONTAINER nodes, as Curator's <c>creatingParentContainersIfNeeded</c>.
/// </summary>
public sealed class ZkServiceRegistrar : IServiceRegistrar, IAsyncDisposable
{
    private const int MaxCreateAttempts = 3;

    private readonly ZkDiscoveryConnection _connection;
    private readonly ZkRegistrationOptions _options;
    private readonly IServiceProvider _services;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _disposing = new();
    private ZkServiceInstance? _instance;
    private volatile bool _wanted;
    private long _registeredSession;
    private bool _subscribed;

    /// <summary>Creates the registrar; nothing is written until <see cref="RegisterAsync"/>.</summary>
    public ZkServiceRegistrar(
        ZkDiscoveryConnection connection, IOptions<ZkRegistrationOptions> options, IServiceProvider services, ILogger<ZkServiceRegistrar> logger)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        _connection = connection;
        _options = options.Value;
        _options.Validate();
        _services = services;
        _logger = logger;
    }

    /// <inheritdoc/>
    public ZkServiceInstance? Instance => Volatile.Read(ref _instance);

    /// <inheritdoc/>
    public bool IsRegistered => _wanted && Interlocked.Read(ref _registeredSession) is var session && session != 0
                                && session == _connection.Client.SessionId;

    /// <summary>The znode path of the instance, once built.</summary>
    public string? NodePath => Instance is { } instance ? RegistryPaths.ForInstance(_connection.BasePath, instance.ServiceId, instance.InstanceId) : null;

    /// <inheritdoc/>
    public async Task RegisterAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _instance ??= BuildInstance();
            _wanted = true;
            if (!_subscribed)
            {
                _connection.Client.StateChanged += OnStateChanged;
                _subscribed = true;
            }
        }
        finally
        {
            _gate.Release();
        }
        await EnsureRegisteredAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task SetStatusAsync(InstanceStatus status, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var instance = (_instance ?? BuildInstance()).WithStatus(status);
            Volatile.Write(ref _instance, instance);
            _logger.LogInformation("Instance {Service}/{Instance} status is now {Status}", instance.ServiceId, instance.InstanceId, InstanceStatusNames.ToName(status));
            if (!_wanted) return;
            var client = await _connection.GetConnectedClientAsync(cancellationToken).ConfigureAwait(false);
            await WriteNodeAsync(client, instance, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public async Task DeregisterAsync(CancellationToken cancellationToken = default)
    {
        _wanted = false;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_instance is not { } instance || NodePath is not { } path) return;
            var client = _connection.Client;
            if (client.CurrentState is not (ConnectionState.Connected or ConnectionState.Suspended)) return;
            try
            {
                var stat = await client.ExistsAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (stat is { } existing && existing.EphemeralOwner == client.SessionId)
                {
                    await client.DeleteAsync(path, existing.Version, cancellationToken).ConfigureAwait(false);
                    _logger.LogInformation("Deregistered {Service}/{Instance} from {Path}", instance.ServiceId, instance.InstanceId, path);
                }
            }
            catch (NoNodeException)
            {
                // Already gone.
            }
            Interlocked.Exchange(ref _registeredSession, 0);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops following connection changes; the node itself goes with the session.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposing.IsCancellationRequested) return;
        await _disposing.CancelAsync().ConfigureAwait(false);
        _connection.Client.StateChanged -= OnStateChanged;
    }

    private void OnStateChanged(object? sender, ConnectionStateChange change)
    {
        // Runs on the client's event dispatcher: never block it, hand the work to the thread pool.
        if (change.Current != ConnectionState.Connected || !_wanted || _disposing.IsCancellationRequested) return;
        _ = Task.Run(async () =>
        {
            try
            {
                await EnsureRegisteredAsync(_disposing.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is KeeperException or OperationCanceledException or TimeoutException or ObjectDisposedException)
            {
                // The next Connected transition tries again.
                _logger.LogWarning("Re-registration after reconnect did not complete: {Reason}", exception.Message);
            }
        });
    }

    private async Task EnsureRegisteredAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_wanted || _instance is not { } instance) return;
            var client = await _connection.GetConnectedClientAsync(cancellationToken).ConfigureAwait(false);
            await WriteNodeAsync(client, instance, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Makes the node exist, owned by this session, holding <paramref name="instance"/>.</summary>
    private async Task WriteNodeAsync(ZooKeeperClient client, ZkServiceInstance instance, CancellationToken cancellationToken)
    {
        var path = RegistryPaths.ForInstance(_connection.BasePath, instance.ServiceId, instance.InstanceId);
        var data = CuratorInstanceSerializer.Serialize(instance);
        for (var attempt = 1; ; attempt++)
        {
            var session = client.SessionId;
            var existing = await ReadNodeAsync(client, path, cancellationToken).ConfigureAwait(false);
            try
            {
                if (existing is not null && existing.Stat.EphemeralOwner == session)
                {
                    // Ours already (a reconnect within the session): rewrite only what changed, so consumers
                    // are not woken for nothing.
                    if (!existing.Data.AsSpan().SequenceEqual(data))
                        await client.SetDataAsync(path, data, existing.Stat.Version, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    if (existing?.Stat is { } stale)
                    {
                        // A node of an expired session (or of a process reusing our id): replace it, as Curator
                        // does, so that its owner's expiry cannot take our registration with it.
                        _logger.LogInformation("Replacing {Path} held by session 0x{Owner:x}", path, stale.EphemeralOwner);
                        await client.DeleteAsync(path, stale.Version, cancellationToken).ConfigureAwait(false);
                    }
                    await CreateParentContainersAsync(client, ZkPath.Parent(path), cancellationToken).ConfigureAwait(false);
                    await client.CreateAsync(path, data, Acl.OpenAclUnsafe, CreateMode.Ephemeral, cancellationToken: cancellationToken)
                        .ConfigureAwait(false);
                    _logger.LogInformation(
                        "Registered {Service}/{Instance} at {Uri} as {Path} (session 0x{Session:x})",
                        instance.ServiceId, instance.InstanceId, instance.Uri, path, session);
                }
                Interlocked.Exchange(ref _registeredSession, session);
                return;
            }
            catch (KeeperException exception) when (attempt < MaxCreateAttempts
                                                   && exception is NodeExistsException or NoNodeException or BadVersionException)
            {
                // Raced with an expiring node, an emptied container being removed, or another writer: look again.
            }
        }
    }

    private static async Task<Client.Operations.NodeData?> ReadNodeAsync(ZooKeeperClient client, string path, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetDataAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (NoNodeException)
        {
            return null;
        }
    }

    private static async Task CreateParentContainersAsync(ZooKeeperClient client, string path, CancellationToken cancellationToken)
    {
        var current = "";
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current += "/" + segment;
            if (await client.ExistsAsync(current, cancellationToken: cancellationToken).ConfigureAwait(false) is not null) continue;
            try
            {
                await client.CreateAsync(current, [], Acl.OpenAclUnsafe, CreateMode.Container, cancellationToken: cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (NodeExistsException)
            {
                // Another instance created it meanwhile.
            }
        }
    }

    private ZkServiceInstance BuildInstance()
    {
        var listening = _options.AddressResolver?.Invoke(_services);
        var scheme = _options.Scheme ?? (listening?.Scheme is "https" ? "https" : "http");
        var port = _options.Port != 0 ? _options.Port : listening?.Port ?? 0;
        if (port <= 0)
            throw new InvalidOperationException(
                $"No port to register {_options.ServiceName} with: set ZkRegistrationOptions.Port or an AddressResolver that knows it.");
        var host = _options.Address
                   ?? (listening is not null && !LocalAddress.IsWildcard(listening.Host) ? listening.Host : null)
                   ?? LocalAddress.Detect();

        var metadata = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in _options.Metadata) metadata[key] = value;
        metadata[MetadataKeys.InstanceStatus] = InstanceStatusNames.ToName(_options.InitialStatus);
        metadata[MetadataKeys.Weight] = _options.Weight.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (_options.Zone is { Length: > 0 } zone) metadata[MetadataKeys.Zone] = zone;

        var secure = scheme == "https";
        return new ZkServiceInstance(
            _options.ServiceName,
            _options.InstanceId ?? Guid.NewGuid().ToString(),
            host,
            httpPort: secure ? null : port,
            httpsPort: secure ? port : null,
            metadata,
            DateTimeOffset.UtcNow,
            secure ? CuratorUriSpec.SecureTemplate : CuratorUriSpec.DefaultTemplate);
    }
}
