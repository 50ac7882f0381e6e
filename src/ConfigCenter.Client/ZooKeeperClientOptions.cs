using ConfigCenter.Client.Helpers;
using ConfigCenter.Client.Watches;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Client;

/// <summary>Settings of a <see cref="ZooKeeperClient"/>.</summary>
public sealed class ZooKeeperClientOptions
{
    /// <summary>"host1:2181,host2:2181/optional/chroot"; hosts are tried in a shuffled order.</summary>
    public string ConnectString { get; set; } = "";

    /// <summary>The session timeout the client asks for; the server clamps it to its [min, max] bounds.</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long <see cref="ZooKeeperClient.ConnectAsync(CancellationToken)"/> waits for the first session.</summary>
    public TimeSpan ConnectionTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Accept read-only servers (a partitioned ensemble member) when no read-write server is reachable.</summary>
    public bool CanBeReadOnly { get; set; }

    /// <summary>Credentials added to the session on every connect, in order.</summary>
    public IList<AuthInfo> AuthInfo { get; } = new List<AuthInfo>();

    /// <summary>
    /// After the session expires (state <see cref="ConnectionState.Lost"/>), create a new session instead
    /// of ending the client. The old session's watches and ephemeral nodes are NOT restored: the
    /// application must recreate them when it sees the state become Connected again.
    /// </summary>
    public bool RebuildSessionOnExpiry { get; set; }

    /// <summary>Retries idempotent reads (and the helpers) after a ConnectionLoss; <see cref="Helpers.RetryPolicy.None"/> disables it.</summary>
    public RetryPolicy RetryPolicy { get; set; } = RetryPolicy.Default;

    /// <summary>Receives every connection state event (type None), as ZooKeeper's default watcher.</summary>
    public IWatcher? DefaultWatcher { get; set; }

    /// <summary>The largest reply frame accepted; a larger one is treated as a broken connection.</summary>
    public int MaxPacketLength { get; set; } = 4 * 1024 * 1024;

    /// <summary>Where the client logs connection events; null logs nothing.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    internal void Validate()
    {
        Connection.ConnectString.Parse(ConnectString);
        if (SessionTimeout <= TimeSpan.Zero || SessionTimeout.TotalMilliseconds > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(SessionTimeout), SessionTimeout, "The session timeout must be positive.");
        if (ConnectionTimeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(ConnectionTimeout), ConnectionTimeout, "The connection timeout must be positive.");
        if (MaxPacketLength < 1024)
            throw new ArgumentOutOfRangeException(nameof(MaxPacketLength), MaxPacketLength, "The packet limit must be at least 1 KiB.");
        ArgumentNullException.ThrowIfNull(RetryPolicy);
    }
}
