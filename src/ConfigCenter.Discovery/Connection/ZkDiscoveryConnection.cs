using ConfigCenter.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConfigCenter.Discovery;

/// <summary>
/// The one ZooKeeper session of a process's registration and discovery. It rebuilds itself after a
/// session expiry (<c>RebuildSessionOnExpiry</c>); users of it watch <see cref="ZooKeeperClient.StateChanged"/>
/// to restore their ephemeral nodes and watches on the new session.
/// </summary>
public sealed class ZkDiscoveryConnection : IAsyncDisposable
{
    private readonly ZkDiscoveryOptions _options;
    private readonly ILogger _logger;
    private int _disposed;

    /// <summary>Creates the client; it connects on first use.</summary>
    public ZkDiscoveryConnection(IOptions<ZkDiscoveryOptions> options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _options.Validate();
        _logger = (loggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance).CreateLogger<ZkDiscoveryConnection>();
        Client = new ZooKeeperClient(new ZooKeeperClientOptions
        {
            ConnectString = _options.ConnectString,
            SessionTimeout = _options.SessionTimeout,
            ConnectionTimeout = _options.ConnectionTimeout,
            RebuildSessionOnExpiry = true,
            LoggerFactory = loggerFactory,
        });
    }

    /// <summary>The client, connected or not; use <see cref="GetConnectedClientAsync"/> to wait for a session.</summary>
    public ZooKeeperClient Client { get; }

    /// <summary>The registry root from <see cref="ZkDiscoveryOptions.BasePath"/>.</summary>
    public string BasePath => _options.BasePath;

    /// <summary>The options this connection was made with.</summary>
    public ZkDiscoveryOptions Options => _options;

    /// <summary>
    /// The client once it has a session. The first call starts connecting; a call that times out leaves
    /// the client trying in the background.
    /// </summary>
    /// <exception cref="TimeoutException">No session within <see cref="ZkDiscoveryOptions.ConnectionTimeout"/>.</exception>
    public async Task<ZooKeeperClient> GetConnectedClientAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        // Returns at once after the first session; later reconnects are the client's business.
        await Client.ConnectAsync(cancellationToken).ConfigureAwait(false);
        return Client;
    }

    /// <summary>Closes the session: every ephemeral registration of this process goes at once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _logger.LogDebug("Closing the discovery session");
        await Client.DisposeAsync().ConfigureAwait(false);
    }
}
