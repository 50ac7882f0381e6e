using ConfigCenter.Protocol;

namespace ConfigCenter.Client.Connection;

/// <summary>The KeeperState a watcher is told for each connection state, as ZooKeeper's client reports it.</summary>
internal static class ConnectionStateMapping
{
    public static KeeperState? ToKeeperState(this ConnectionState state) => state switch
    {
        ConnectionState.Connected => KeeperState.SyncConnected,
        ConnectionState.ReadOnly => KeeperState.ConnectedReadOnly,
        ConnectionState.Suspended => KeeperState.Disconnected,
        ConnectionState.Lost => KeeperState.Expired,
        ConnectionState.AuthFailed => KeeperState.AuthFailed,
        ConnectionState.Closed => KeeperState.Closed,
        _ => null,
    };

    public static bool IsConnected(this ConnectionState state) => state is ConnectionState.Connected or ConnectionState.ReadOnly;
}
