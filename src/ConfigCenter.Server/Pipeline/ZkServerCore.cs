using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Jute;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Server.AccessControl;
using ConfigCenter.Server.DataTree;
using ConfigCenter.Server.Sessions;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Server.Pipeline;

/// <summary>
/// The standalone server as a deterministic state machine: handshakes, requests, disconnects,
/// clock ticks and the log's durability reports come in (with the time they arrive at); replies,
/// notifications, closes and transactions to persist go out. It owns no socket, thread, timer or
/// clock, and is driven from one thread.
/// </summary>
/// <remarks>
/// A write is prepared at once (so later requests see its effect) and appended to the log, but it
/// is applied and answered only when the log reports it durable. Requests complete strictly in
/// arrival order: a read that arrives while writes are in flight waits behind them, so every
/// connection gets its replies in request order and never reads a state older than its own writes.
/// </remarks>
internal sealed partial class ZkServerCore
{
    private static readonly byte[] InvalidSessionPassword = new byte[16];
    private readonly CoreOptions _options;
    private readonly ILogger _logger;
    private readonly ITransactionLog? _log;
    private PendingChanges _pending;
    private RequestPreparer _preparer;
    private ReadRequestHandler _reads;
    private readonly Dictionary<long, IClientConnection> _connectionsBySession = [];
    private readonly HashSet<IClientConnection> _connections = [];
    private readonly Queue<InFlightRequest> _inFlight = new();
    private long _lastZxid;
    private long _durableZxid;
    private long _nextContainerCheckMs;

    /// <param name="log">Where transactions go before they are applied; null keeps them in memory only (durable at once).</param>
    public ZkServerCore(CoreOptions options, ServerTime now, ILogger logger, ITransactionLog? log = null)
        : this(options, now, logger, log, new ZkDataTree(), new SessionTracker(options.ServerId, now.WallMs))
    {
    }

    /// <summary>Resumes from recovered state: a tree and session table rebuilt from a snapshot and the log.</summary>
    /// <param name="quorum">Set in an ensemble: writes are ordered by the leader through it instead of a local log.</param>
    /// <param name="replayUntilZxid">Ensemble: committed entries up to here may already be in the (fuzzy) snapshot the tree came from.</param>
    public ZkServerCore(CoreOptions options, ServerTime now, ILogger logger, ITransactionLog? log, ZkDataTree tree, SessionTracker sessions,
        IQuorumLink? quorum = null, long replayUntilZxid = 0)
    {
        _options = options;
        _logger = logger;
        _log = log;
        _quorum = quorum;
        _replayUntilZxid = replayUntilZxid;
        Tree = tree;
        Sessions = sessions;
        _pending = new PendingChanges(Tree);
        _preparer = new RequestPreparer(Tree, _pending, Sessions, options.ExtendedTypesEnabled);
        _reads = new ReadRequestHandler(Tree);
        _lastZxid = tree.LastProcessedZxid;
        _durableZxid = tree.LastProcessedZxid;
        _nextContainerCheckMs = now.ElapsedMs + options.ContainerCheckIntervalMs;
    }

    public ZkDataTree Tree { get; private set; }
    public SessionTracker Sessions { get; private set; }
    public ServerStatistics Statistics { get; } = new();
    public CoreOptions Options => _options;
    public IReadOnlyCollection<IClientConnection> Connections => _connections;

    /// <summary>Transactions applied since this state machine started (what snapshots are counted in).</summary>
    public long AppliedTransactions { get; private set; }

    /// <summary>The zxid of the last transaction applied.</summary>
    public long LastZxid => Tree.LastProcessedZxid;

    /// <summary>Requests prepared or queued but not yet answered.</summary>
    public int OutstandingRequests => _inFlight.Count;

    public void OnConnectionOpened(IClientConnection connection) => _connections.Add(connection);

    /// <summary>The first frame of a connection: create a session or resume one (ZooKeeperServer.processConnectRequest).</summary>
    public void OnConnect(IClientConnection connection, ConnectRequest request, ServerTime now)
    {
        Statistics.PacketsReceived++;
        if (_quorum is { IsServing: false })
        {
            if (IsReadOnly && request.ReadOnly == true)
            {
                ConnectReadOnly(connection, request, now);
                return;
            }
            // As ZooKeeper's learners and leaders do while they look for a leader or sync: no service, the client tries another server.
            connection.Close("this server is not serving: it has no quorum yet");
            return;
        }
        if (request.LastZxidSeen > LastZxid)
        {
            // The client has seen a newer state than ours; answering would take it back in time.
            _logger.LogInformation("Refusing session request from {Peer}: it has seen zxid 0x{ClientZxid:x}, ours is 0x{OurZxid:x}",
                connection.RemoteEndPoint, request.LastZxidSeen, LastZxid);
            connection.Close("client has seen a newer zxid");
            return;
        }

        var timeout = Math.Clamp(request.Timeout, _options.MinSessionTimeoutMs, _options.MaxSessionTimeoutMs);
        if (request.SessionId == 0)
        {
            // The session is tracked from now on, as in ZooKeeper: clients send setWatches and auth right
            // behind the handshake, and those requests must find it. It is answered once createSession is durable.
            var sessionId = Sessions.NextSessionId();
            Sessions.Add(sessionId, timeout, now.ElapsedMs);
            AttachSession(connection, sessionId);
            if (_quorum is not null)
            {
                CreateSessionThroughLeader(connection, request, sessionId, timeout, now);
                return;
            }
            var header = new TxnHeader(sessionId, 0, NextZxid(), now.WallMs, OpCode.CreateSession);
            Submit(new InFlightRequest { Kind = InFlightKind.Connect, Connection = connection, TxnHeader = header, Txn = new CreateSessionTxn(timeout), Connect = request }, now);
            return;
        }

        var session = Sessions.Get(request.SessionId);
        if (session is null || session.Closing || !session.Password.AsSpan().SequenceEqual(request.Password))
        {
            _logger.LogInformation("Invalid session 0x{Session:x} for client {Peer}, probably expired", request.SessionId, connection.RemoteEndPoint);
            SendConnectResponse(connection, request, 0, 0, InvalidSessionPassword);
            connection.Close("invalid session");
            return;
        }
        session.TimeoutMs = timeout;
        TouchSession(session.Id, now);
        // A session lives on one connection at a time: the newer connection wins.
        if (_connectionsBySession.TryGetValue(session.Id, out var previous) && previous != connection)
        {
            DetachConnection(previous);
            previous.Close("session reconnected on another connection");
        }
        AttachSession(connection, session.Id);
        SendConnectResponse(connection, request, timeout, session.Id, session.Password);
    }

    /// <summary>A request frame after the handshake; the body is still encoded and only valid during the call.</summary>
    public void OnRequest(IClientConnection connection, RequestHeader header, ReadOnlySpan<byte> body, ServerTime now)
    {
        // Frames that were already on their way when a handshake was refused find no session: the connection is closing.
        if (connection.SessionId == 0 || !_connectionsBySession.TryGetValue(connection.SessionId, out var owner) || owner != connection) return;
        Statistics.PacketsReceived++;
        TouchSession(connection.SessionId, now);

        switch (header.Type)
        {
            case OpCode.Ping:
                ReplyInOrderAtLastZxid(connection, header, Xids.Ping, ErrorCode.Ok);
                return;
            case OpCode.Auth:
                Authenticate(connection, header, body);
                return;
            case OpCode.CloseSession:
                CloseSession(connection, header, now);
                return;
        }

        if (!IsKnownRequestType(header.Type))
        {
            _logger.LogWarning("Unknown request type {Type} from {Peer}", (int)header.Type, connection.RemoteEndPoint);
            ReplyInOrder(connection, header, new ReplyHeader(header.Xid, -1, ErrorCode.Unimplemented), closeReason: "unknown request type");
            return;
        }

        if (IsReadOnly && (IsWrite(header.Type) || header.Type == OpCode.Sync))
        {
            ReplyInOrderAtLastZxid(connection, header, header.Xid, ErrorCode.NotReadOnly);
        }
        else if (_quorum is not null && (IsWrite(header.Type) || header.Type == OpCode.Sync))
        {
            OrderThroughLeader(connection, header, body, now);
        }
        else if (IsWrite(header.Type))
        {
            PrepareWrite(connection, header, body, now);
        }
        else if (_inFlight.Count == 0)
        {
            HandleRead(connection, header, body);
        }
        else
        {
            _inFlight.Enqueue(new InFlightRequest { Kind = InFlightKind.Read, Connection = connection, Header = header, Body = body.ToArray() });
        }
    }

    /// <summary>The connection went away; its session lives on until it expires or the client resumes it.</summary>
    public void OnConnectionClosed(IClientConnection connection)
    {
        _connections.Remove(connection);
        DetachConnection(connection);
    }

    /// <summary>Time passes: expire sessions whose deadline is over, and clean up containers and TTL nodes.</summary>
    public void OnTick(ServerTime now)
    {
        if (IsReadOnly) ExpireReadOnlySessions(now);
        // In an ensemble only the serving leader expires sessions and removes containers; NextZxid and
        // Submit then propose instead of logging locally.
        if (_quorum is not null && !(_serving && _quorum.IsLeader)) return;
        foreach (var session in Sessions.Expired(now.ElapsedMs))
        {
            _logger.LogInformation("Expiring session 0x{Session:x}, timeout of {Timeout}ms exceeded", session.Id, session.TimeoutMs);
            var zxid = NextZxid();
            var txn = _preparer.PrepareCloseSession(session.Id, zxid);
            Submit(new InFlightRequest { Kind = InFlightKind.Internal, TxnHeader = new TxnHeader(session.Id, 0, zxid, now.WallMs, OpCode.CloseSession), Txn = txn }, now);
        }
        if (now.ElapsedMs >= _nextContainerCheckMs)
        {
            _nextContainerCheckMs = now.ElapsedMs + _options.ContainerCheckIntervalMs;
            RemoveEmptyContainersAndExpiredTtls(now);
        }
    }

    /// <summary>The log made every transaction up to <paramref name="zxid"/> durable: apply them and answer, in order.</summary>
    public void OnDurable(long zxid, ServerTime now)
    {
        if (zxid > _durableZxid) _durableZxid = zxid;
        Drain(now);
    }

    /// <summary>
    /// The log could not persist the transactions from <paramref name="fromZxid"/> on (a full disk,
    /// an I/O error). None of them is applied: their requests fail, the zxids are reused, and reads
    /// queued behind them are answered from the unchanged tree.
    /// </summary>
    public void OnLogFailed(long fromZxid, string reason, ServerTime now)
    {
        _logger.LogError("The transaction log failed from zxid 0x{Zxid:x}: {Reason}; failing the writes not yet durable", fromZxid, reason);
        var queued = _inFlight.ToArray();
        _inFlight.Clear();
        _pending.Clear();
        _lastZxid = _durableZxid;
        _log?.Reset(_durableZxid);
        foreach (var request in queued)
        {
            if (!request.IsTransaction || request.TxnHeader.Zxid <= _durableZxid)
            {
                Complete(request, now);
                continue;
            }
            FailUndurable(request);
        }
    }

    private void FailUndurable(InFlightRequest request)
    {
        var connection = request.Connection;
        switch (request.Kind)
        {
            case InFlightKind.Connect:
                Sessions.Remove(request.TxnHeader.ClientId);
                DetachConnection(connection!);
                SendConnectResponse(connection!, request.Connect!, 0, 0, InvalidSessionPassword);
                connection!.Close("could not persist the new session");
                break;
            case InFlightKind.Close:
                if (Sessions.Get(request.TxnHeader.ClientId) is { } closing) closing.Closing = false;
                Reply(connection!, new ReplyHeader(request.Header.Xid, LastZxid, ErrorCode.SystemError), null);
                break;
            case InFlightKind.Internal when request.Txn is CloseSessionTxn:
                // The expiry will be tried again on a later tick.
                if (Sessions.Get(request.TxnHeader.ClientId) is { } expiring) expiring.Closing = false;
                break;
            case InFlightKind.Write:
                Reply(connection!, new ReplyHeader(request.Header.Xid, LastZxid, ErrorCode.SystemError), null);
                break;
        }
    }

    private void PrepareWrite(IClientConnection connection, RequestHeader header, ReadOnlySpan<byte> body, ServerTime now)
    {
        var zxid = NextZxid();
        var txnHeader = PrepareTxn(new RequestPreparer.Caller(connection.SessionId, connection.Identities), header.Xid, header.Type, body, zxid, now, connection.RemoteEndPoint, out var txn);
        Submit(new InFlightRequest { Kind = InFlightKind.Write, Connection = connection, Header = header, TxnHeader = txnHeader, Txn = txn }, now);
    }

    /// <summary>Decodes and checks a write; a failed request becomes an error transaction, logged too, so every replica answers it alike.</summary>
    private TxnHeader PrepareTxn(RequestPreparer.Caller caller, int cxid, OpCode type, ReadOnlySpan<byte> body, long zxid, ServerTime now, string from, out Txn txn)
    {
        try
        {
            var reader = new JuteReader(body);
            var request = Request.Read(type, ref reader) ?? throw new JuteException("no body decoder");
            txn = request is MultiRequest multi && multi.Ops.Any(op => op.Type is OpCode.GetData or OpCode.GetChildren)
                ? new ErrorTxn(ErrorCode.MarshallingError) // reads and writes may not be mixed in one multi
                : _preparer.Prepare(caller, type, request, zxid);
        }
        catch (JuteException e)
        {
            _logger.LogWarning("Malformed {Type} request from {Peer}: {Reason}", type, from, e.Message);
            txn = new ErrorTxn(ErrorCode.MarshallingError);
        }
        return new TxnHeader(caller.SessionId, cxid, zxid, now.WallMs, txn is ErrorTxn ? OpCode.Error : type);
    }

    /// <summary>Queues a prepared transaction and hands it to the log; without a log it is durable at once.</summary>
    private void Submit(InFlightRequest request, ServerTime now)
    {
        if (_quorum is not null)
        {
            // Only the leader's own housekeeping (session expiry, container and TTL removal) comes here in an ensemble; nobody waits for it.
            _quorum.Propose(request.TxnHeader, request.Txn!);
            return;
        }
        _inFlight.Enqueue(request);
        if (_log is null)
        {
            OnDurable(request.TxnHeader.Zxid, now);
            return;
        }
        _log.Append(request.TxnHeader, request.Txn!);
    }

    /// <summary>Completes queued requests from the front while their transactions are durable.</summary>
    private void Drain(ServerTime now)
    {
        while (_inFlight.TryPeek(out var next))
        {
            if (!CanComplete(next)) return;
            _inFlight.Dequeue();
            Complete(next, now);
        }
    }

    private void Complete(InFlightRequest request, ServerTime now)
    {
        var connection = request.Connection;
        switch (request.Kind)
        {
            case InFlightKind.Read when request.ReadyReply is { } ready:
                Reply(connection!, request.StampsLastZxid ? ready with { Zxid = LastZxid } : ready, null);
                if (request.CloseReason is { } reason) connection!.Close(reason);
                break;
            case InFlightKind.Read:
                HandleRead(connection!, request.Header, request.Body);
                break;
            case InFlightKind.Write:
                var result = request.Result ?? Apply(request.TxnHeader, request.Txn!, now);
                var err = result.Type == OpCode.Error ? result.Err : ErrorCode.Ok;
                Reply(connection!, new ReplyHeader(request.Header.Xid, LastZxid, err), ResponseFor(request.Header.Type, result));
                break;
            case InFlightKind.Connect:
                if (request.Result is null) Apply(request.TxnHeader, request.Txn!, now);
                if (Sessions.Get(connection!.SessionId) is not { } session)
                {
                    connection.Close("session expired before it was established");
                    break;
                }
                SendConnectResponse(connection!, request.Connect!, session.TimeoutMs, session.Id, session.Password);
                break;
            case InFlightKind.Close:
                if (request.Result is null) Apply(request.TxnHeader, request.Txn!, now);
                DetachConnection(connection!);
                Reply(connection!, new ReplyHeader(request.Header.Xid, LastZxid, ErrorCode.Ok), null);
                connection!.Close("client closed its session");
                break;
            case InFlightKind.Internal:
                Apply(request.TxnHeader, request.Txn!, now);
                if (request.Txn is CloseSessionTxn && _connectionsBySession.TryGetValue(request.TxnHeader.ClientId, out var expired))
                {
                    DetachConnection(expired);
                    expired.Close("session expired");
                }
                break;
        }
    }

    private void HandleRead(IClientConnection connection, RequestHeader header, ReadOnlySpan<byte> body)
    {
        var session = Sessions.Get(connection.SessionId);
        if (session is null || session.Closing)
        {
            Reply(connection, new ReplyHeader(header.Xid, LastZxid, ErrorCode.SessionExpired), null);
            return;
        }
        Response? response = null;
        var err = ErrorCode.Ok;
        try
        {
            var reader = new JuteReader(body);
            var request = Request.Read(header.Type, ref reader) ?? throw new JuteException("no body decoder");
            if (request is SetWatchesBody setWatches)
            {
                _reads.SetWatches(connection, setWatches.Watches);
            }
            else if (request is MultiRequest multi && multi.Ops.Any(op => op.Type is not (OpCode.GetData or OpCode.GetChildren)))
            {
                err = ErrorCode.MarshallingError; // multiRead takes only getData and getChildren
            }
            else
            {
                response = _reads.Handle(connection, header.Type, request);
            }
        }
        catch (KeeperErrorException e)
        {
            err = e.Code;
        }
        catch (JuteException e)
        {
            _logger.LogWarning("Malformed {Type} request from {Peer}: {Reason}", header.Type, connection.RemoteEndPoint, e.Message);
            err = ErrorCode.MarshallingError;
        }
        Reply(connection, new ReplyHeader(header.Xid, LastZxid, err), err == ErrorCode.Ok ? response : null);
    }

    /// <summary>
    /// Adds the identity at once (requests prepared after it must see it) but answers in order.
    /// A failed authentication answers and closes, as ZooKeeper does.
    /// </summary>
    private void Authenticate(IClientConnection connection, RequestHeader header, ReadOnlySpan<byte> body)
    {
        AuthPacket packet;
        try
        {
            var reader = new JuteReader(body);
            packet = AuthPacket.Read(ref reader);
        }
        catch (JuteException)
        {
            connection.Close("malformed auth packet");
            return;
        }
        switch (packet.Scheme)
        {
            case DigestAuthentication.Scheme:
                var digest = DigestAuthentication.Digest(System.Text.Encoding.UTF8.GetString(packet.Auth));
                if (_options.SuperDigest is { } super && digest == super) AddIdentity(connection, new Id(AclChecker.SuperScheme, ""));
                AddIdentity(connection, new Id(DigestAuthentication.Scheme, digest));
                break;
            case IpAuthentication.Scheme:
                AddIdentity(connection, new Id(IpAuthentication.Scheme, HostOf(connection.RemoteEndPoint)));
                break;
            default:
                _logger.LogWarning("Authentication failed for {Peer}: no provider for scheme {Scheme}", connection.RemoteEndPoint, packet.Scheme);
                ReplyInOrder(connection, header, new ReplyHeader(header.Xid, 0, ErrorCode.AuthFailed), closeReason: "authentication failed");
                return;
        }
        ReplyInOrder(connection, header, new ReplyHeader(header.Xid, 0, ErrorCode.Ok));
    }

    private void CloseSession(IClientConnection connection, RequestHeader header, ServerTime now)
    {
        var sessionId = connection.SessionId;
        var session = Sessions.Get(sessionId);
        if (session is null || session.Closing)
        {
            ReplyInOrderAtLastZxid(connection, header, header.Xid, ErrorCode.SessionExpired, closeReason: "session already closed");
            return;
        }
        if (_quorum is not null)
        {
            OrderThroughLeader(connection, header, [], now);
            return;
        }
        var zxid = NextZxid();
        var txn = _preparer.PrepareCloseSession(sessionId, zxid);
        var txnHeader = new TxnHeader(sessionId, header.Xid, zxid, now.WallMs, OpCode.CloseSession);
        Submit(new InFlightRequest { Kind = InFlightKind.Close, Connection = connection, Header = header, TxnHeader = txnHeader, Txn = txn }, now);
    }

    private void RemoveEmptyContainersAndExpiredTtls(ServerTime now)
    {
        var candidates = new List<string>();
        foreach (var path in Tree.Containers)
        {
            var node = Tree.GetNode(path);
            // Only a container that has had children goes; a fresh, never-used one stays.
            if (node is { ChildCount: 0, Cversion: > 0 }) candidates.Add(path);
        }
        foreach (var path in Tree.Ttls)
        {
            var node = Tree.GetNode(path);
            if (node is { ChildCount: 0 } && now.WallMs - node.Mtime > EphemeralOwners.TtlOf(node.EphemeralOwner)) candidates.Add(path);
        }
        foreach (var path in candidates)
        {
            // Pending requests may have given the node a child or removed it since the tree was read.
            if (_pending.Get(path) is not { ChildCount: 0 } || _pending.Get(ZkPath.Parent(path)) is not { } parent) continue;
            var zxid = NextZxid();
            _pending.Add(parent with { Zxid = zxid, ChildCount = parent.ChildCount - 1 });
            _pending.Add(new ChangeRecord(path, zxid, false, 0, 0, 0, 0, 0, []));
            Submit(new InFlightRequest { Kind = InFlightKind.Internal, TxnHeader = new TxnHeader(0, 0, zxid, now.WallMs, OpCode.DeleteContainer), Txn = new DeleteTxn(path) }, now);
        }
    }

    private TxnResult Apply(TxnHeader header, Txn txn, ServerTime now)
    {
        var result = Tree.Apply(header, txn);
        AppliedTransactions++;
        _pending.Retire(header.Zxid);
        // Live sessions were tracked when they connected; a replayed one (or another server's) is tracked here.
        Sessions.Apply(header, txn, now.ElapsedMs);
        return result;
    }

    /// <summary>
    /// <see cref="ReplyInOrder"/> for a reply that reports the server's zxid: the zxid it is at when the reply is sent,
    /// so a reply queued behind writes never reports a state older than theirs (the client would go back in time).
    /// </summary>
    private void ReplyInOrderAtLastZxid(IClientConnection connection, RequestHeader header, int xid, ErrorCode err, string? closeReason = null) =>
        ReplyInOrder(connection, header, new ReplyHeader(xid, LastZxid, err), closeReason, stampsLastZxid: true);

    /// <summary>Answers now when nothing is in flight, else behind what is, so the connection's replies keep request order.</summary>
    private void ReplyInOrder(IClientConnection connection, RequestHeader header, ReplyHeader reply, string? closeReason = null, bool stampsLastZxid = false)
    {
        if (_inFlight.Count == 0)
        {
            Reply(connection, reply, null);
            if (closeReason is not null) connection.Close(closeReason);
            return;
        }
        _inFlight.Enqueue(new InFlightRequest { Kind = InFlightKind.Read, Connection = connection, Header = header, ReadyReply = reply, CloseReason = closeReason, StampsLastZxid = stampsLastZxid });
    }

    private static Response? ResponseFor(OpCode type, TxnResult result)
    {
        if (result.Type == OpCode.Error) return null;
        return type switch
        {
            OpCode.Create => new CreateResponse(result.Path!),
            OpCode.Create2 or OpCode.CreateTtl or OpCode.CreateContainer => new Create2Response(result.Path!, result.Stat!.Value),
            // A check on its own answers with the node's stat: ZooKeeper means to (a SetDataResponse) but fails
            // serializing it, so a successful lone check gets no reply there at all.
            OpCode.SetData or OpCode.SetAcl or OpCode.Check => new StatResponse(result.Stat ?? default),
            OpCode.Multi => new MultiResponse(result.Multi!.Select(MultiResultFor).ToList()),
            _ => null,
        };
    }

    private static MultiResult MultiResultFor(TxnResult sub) => sub.Type switch
    {
        OpCode.Error => MultiResult.Error(sub.Err),
        // Inside a multi ZooKeeper 3.8.0 turns create2 into create (path only) and reports TTL and
        // container creates as create2 (path and stat).
        OpCode.Create or OpCode.Create2 => new MultiResult(OpCode.Create, ErrorCode.Ok, new CreateResponse(sub.Path!)),
        OpCode.CreateTtl or OpCode.CreateContainer => new MultiResult(OpCode.Create2, ErrorCode.Ok, new Create2Response(sub.Path!, sub.Stat!.Value)),
        OpCode.Delete => new MultiResult(OpCode.Delete, ErrorCode.Ok, null),
        OpCode.SetData => new MultiResult(OpCode.SetData, ErrorCode.Ok, new StatResponse(sub.Stat!.Value)),
        OpCode.Check => new MultiResult(OpCode.Check, ErrorCode.Ok, null),
        _ => throw new InvalidOperationException($"unexpected multi result {sub.Type}"),
    };

    private void SendConnectResponse(IClientConnection connection, ConnectRequest request, int timeout, long sessionId, byte[] password)
    {
        Statistics.PacketsSent++;
        // The readOnly flag is echoed only to clients that sent one; older clients would misread it.
        connection.SendConnectResponse(new ConnectResponse(0, timeout, sessionId, password, request.ReadOnly is null ? null : IsReadOnly));
    }

    private void Reply(IClientConnection connection, in ReplyHeader header, Response? body)
    {
        Statistics.PacketsSent++;
        Statistics.RecordLatency(0);
        connection.SendReply(header, body);
    }

    private void AttachSession(IClientConnection connection, long sessionId)
    {
        connection.SessionId = sessionId;
        _connectionsBySession[sessionId] = connection;
    }

    private void DetachConnection(IClientConnection connection)
    {
        Tree.DataWatches.RemoveWatcher(connection);
        Tree.ChildWatches.RemoveWatcher(connection);
        if (_connectionsBySession.TryGetValue(connection.SessionId, out var current) && current == connection)
            _connectionsBySession.Remove(connection.SessionId);
    }

    private static void AddIdentity(IClientConnection connection, Id id)
    {
        if (!connection.Identities.Contains(id)) connection.Identities.Add(id);
    }

    private long NextZxid() => _quorum is null ? ++_lastZxid : _quorum.NextProposalZxid;

    private static string HostOf(string endPoint)
    {
        var colon = endPoint.LastIndexOf(':');
        return (colon < 0 ? endPoint : endPoint[..colon]).Trim('[', ']');
    }

    // A lone check is a write too: it is prepared, takes a zxid and fails with BadVersion or NoNode as in ZooKeeper.
    private static bool IsWrite(OpCode type) =>
        type is OpCode.Create or OpCode.Create2 or OpCode.CreateContainer or OpCode.CreateTtl
            or OpCode.Delete or OpCode.SetData or OpCode.SetAcl or OpCode.Check or OpCode.Multi;

    private static bool IsKnownRequestType(OpCode type) =>
        IsWrite(type) || type is OpCode.Exists or OpCode.GetData or OpCode.GetAcl or OpCode.GetChildren or OpCode.GetChildren2
            or OpCode.Sync or OpCode.GetAllChildrenNumber or OpCode.GetEphemerals or OpCode.MultiRead or OpCode.SetWatches
            or OpCode.SetWatches2 or OpCode.AddWatch or OpCode.CheckWatches or OpCode.RemoveWatches or OpCode.WhoAmI;
}
