using ConfigCenter.Protocol.Records;
using ConfigCenter.Server.DataTree;

namespace ConfigCenter.Server.Pipeline;

/// <summary>What a queued request waits to do once every transaction before it is durable.</summary>
internal enum InFlightKind
{
    /// <summary>A client write: apply its transaction, then reply.</summary>
    Write,

    /// <summary>A read (or ping, auth or setWatches reply) queued behind writes so replies keep request order.</summary>
    Read,

    /// <summary>A new session: apply createSession, then send the connect response.</summary>
    Connect,

    /// <summary>closeSession from the client: apply, reply, close the connection.</summary>
    Close,

    /// <summary>A transaction the server made itself: a session expiry or a container/TTL removal.</summary>
    Internal,
}

/// <summary>One entry of the in-order queue between preparation and completion.</summary>
internal sealed class InFlightRequest
{
    public required InFlightKind Kind { get; init; }
    public IClientConnection? Connection { get; init; }
    public RequestHeader Header { get; init; }
    public TxnHeader TxnHeader { get; init; }
    public Txn? Txn { get; init; }

    /// <summary>A queued read's body, copied because the frame's buffer goes back to the pool.</summary>
    public byte[]? Body { get; init; }

    /// <summary>For Connect: the request being answered.</summary>
    public ConnectRequest? Connect { get; init; }

    /// <summary>For a read-kind reply prepared at arrival (ping, auth): sent as is.</summary>
    public ReplyHeader? ReadyReply { get; init; }

    /// <summary>For a ready reply that reports the server's zxid: stamped with the zxid when it is sent, not when it was queued.</summary>
    public bool StampsLastZxid { get; init; }

    /// <summary>For a ready reply that ends the connection (unknown opcode, failed auth): why.</summary>
    public string? CloseReason { get; init; }

    public bool IsTransaction => Txn is not null;

    /// <summary>Ensemble: the request waits for its transaction to be committed and applied (its <see cref="Result"/>).</summary>
    public bool AwaitsCommit { get; init; }

    /// <summary>Ensemble: the client's xid, matched against the committed transaction's cxid.</summary>
    public int Cxid { get; init; }

    /// <summary>Ensemble: the outcome of applying the committed transaction.</summary>
    public TxnResult? Result { get; set; }

    /// <summary>Ensemble: a read (sync) that may only be answered once the tree has applied this zxid.</summary>
    public long WaitForZxid { get; set; }
}
