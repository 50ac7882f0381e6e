namespace ConfigCenter.Client;

/// <summary>The client's connection state, named as Curator and kazoo users know it.</summary>
public enum ConnectionState
{
    /// <summary>No session yet: <see cref="ZooKeeperClient.ConnectAsync(CancellationToken)"/> has not established a session yet.</summary>
    Connecting,

    /// <summary>Connected to a server with a live session.</summary>
    Connected,

    /// <summary>Connected to a read-only server (only with <see cref="ZooKeeperClientOptions.CanBeReadOnly"/>); writes fail with NotReadOnly.</summary>
    ReadOnly,

    /// <summary>
    /// The connection was lost but the session may still be alive: the client is reconnecting. Requests
    /// that were in flight failed with ConnectionLoss; new requests wait for the reconnect.
    /// </summary>
    Suspended,

    /// <summary>The server reported the session expired: its ephemeral nodes and watches are gone.</summary>
    Lost,

    /// <summary>The server refused the credentials; the client cannot be used any more.</summary>
    AuthFailed,

    /// <summary>The client was disposed.</summary>
    Closed,
}
