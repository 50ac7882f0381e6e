using ConfigCenter.Client.Connection;
using ConfigCenter.Client.Watches;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConfigCenter.Client;

/// <summary>
/// A ZooKeeper client: one session kept alive over reconnects, with requests pipelined on one
/// connection. Thread-safe; every operation is asynchronous. Create it, call
/// <see cref="ConnectAsync(CancellationToken)"/>, and dispose it to close the session.
/// </summary>
/// <remarks>
/// Connection states follow Curator and kazoo: Connected, Suspended while reconnecting (requests in
/// flight fail with ConnectionLoss and are never re-sent; new ones wait for the reconnect), Lost when
/// the server reports the session expired. Watches are re-registered after every reconnect, so events
/// that happened while disconnected are still delivered. Watcher callbacks and state notifications
/// run one at a time, in order, on the client's event dispatcher.
/// </remarks>
public sealed partial class ZooKeeperClient : IAsyncDisposable
{
    private readonly ZooKeeperClientOptions _options;
    private readonly ConnectionManager _connection;
    private readonly SessionContext _session;
    private readonly ILogger _logger;
    private readonly object _subscriptionsGate = new();
    private readonly List<ConnectionStateSubscription> _subscriptions = [];
    private int _disposed;

    /// <summary>Creates a client; nothing connects until <see cref="ConnectAsync(CancellationToken)"/>.</summary>
    public ZooKeeperClient(ZooKeeperClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<ZooKeeperClient>();
        var connectString = Connection.ConnectString.Parse(options.ConnectString);
        _session = new SessionContext(
            new WatchRegistry(), new EventDispatcher(_logger), new ChrootPath(connectString.Chroot), options.MaxPacketLength, _logger);
        _connection = new ConnectionManager(options, _session, new HostProvider(connectString.Hosts), PublishStateChange);
    }

    /// <summary>Creates a client and waits for its first session.</summary>
    public static async Task<ZooKeeperClient> ConnectAsync(ZooKeeperClientOptions options, CancellationToken cancellationToken = default)
    {
        var client = new ZooKeeperClient(options);
        try
        {
            await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Starts connecting and waits until a session is established. Throws <see cref="TimeoutException"/>
    /// after <see cref="ZooKeeperClientOptions.ConnectionTimeout"/> (the client keeps trying in the
    /// background; call again to keep waiting, or dispose it), or AuthFailedException when the server
    /// refuses the configured credentials.
    /// </summary>
    public Task ConnectAsync(CancellationToken cancellationToken = default) => _connection.ConnectAsync(cancellationToken);

    /// <summary>The current connection state.</summary>
    public ConnectionState CurrentState => _connection.State;

    /// <summary>The session id (0 before the first session).</summary>
    public long SessionId => _connection.SessionId;

    /// <summary>The session password, with <see cref="SessionId"/> enough to resume the session elsewhere.</summary>
    public byte[] SessionPassword => _connection.SessionPassword;

    /// <summary>The session timeout the server granted.</summary>
    public TimeSpan NegotiatedSessionTimeout => _connection.NegotiatedSessionTimeout;

    /// <summary>The chroot of the connect string, or null; every path this client shows is relative to it.</summary>
    public string? Chroot => _session.Chroot.Chroot;

    /// <summary>Raised on the event dispatcher, in order with watch events, for every state change.</summary>
    public event EventHandler<ConnectionStateChange>? StateChanged;

    /// <summary>Subscribes to state changes as an ordered, buffered stream (see <see cref="ConnectionStateSubscription"/>).</summary>
    public ConnectionStateSubscription SubscribeToStateChanges()
    {
        var subscription = new ConnectionStateSubscription(Unsubscribe);
        lock (_subscriptionsGate) _subscriptions.Add(subscription);
        return subscription;
    }

    /// <summary>Closes the session (its ephemeral nodes go at once) and stops the client. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _connection.CloseAsync().ConfigureAwait(false);
        await _session.Dispatcher.CompleteAsync().ConfigureAwait(false);
    }

    /// <summary>Submits one request and waits for its decoded reply.</summary>
    internal Task<T> SendAsync<T>(
        OpCode opCode, Request body, string? clientPath, ReplyDecoder<T> decode, CancellationToken cancellationToken,
        WatchRegistration? watch = null)
    {
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<T>(cancellationToken);
        return _connection.SubmitAsync(new PendingRequest<T>(opCode, body, clientPath, decode, watch, cancellationToken));
    }

    internal ChrootPath ChrootPath => _session.Chroot;
    internal WatchRegistry Watches => _session.Watches;
    internal EventDispatcher Dispatcher => _session.Dispatcher;
    internal ZooKeeperClientOptions Options => _options;

    private void PublishStateChange(ConnectionStateChange change)
    {
        _logger.LogDebug("Connection state {Previous} -> {Current}", change.Previous, change.Current);
        ConnectionStateSubscription[] subscriptions;
        lock (_subscriptionsGate) subscriptions = [.. _subscriptions];
        foreach (var subscription in subscriptions) subscription.Publish(change);
        StateChanged?.Invoke(this, change);
    }

    private void Unsubscribe(ConnectionStateSubscription subscription)
    {
        lock (_subscriptionsGate) _subscriptions.Remove(subscription);
    }
}
