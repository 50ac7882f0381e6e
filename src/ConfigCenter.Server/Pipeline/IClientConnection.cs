using ConfigCenter.Protocol.Records;
using ConfigCenter.Server.Watches;

namespace ConfigCenter.Server.Pipeline;

/// <summary>
/// A client connection as the state machine sees it: where its replies and notifications go.
/// Every method only queues output, so the state machine never waits for a socket.
/// </summary>
internal interface IClientConnection : IWatcher
{
    /// <summary>The session this connection carries; 0 until the handshake completes.</summary>
    long SessionId { get; set; }

    /// <summary>The identities of the connection: (ip, address) from the start, plus every successful addAuth.</summary>
    List<Id> Identities { get; }

    /// <summary>"address:port" of the peer, for logs and the cons command.</summary>
    string RemoteEndPoint { get; }

    void SendConnectResponse(ConnectResponse response);

    void SendReply(in ReplyHeader header, Response? body);

    /// <summary>Closes the connection after what is already queued has been sent.</summary>
    void Close(string reason);
}
