using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Jute;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Server.AccessControl;
using ConfigCenter.Server.DataTree;
using ConfigCenter.Server.Sessions;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Server.Pipeline;

/// <summary>
/// The standalone server as a deterministic state machine: handshakes, requests, disconnects and
/// clock ticks come in (with the time they arrive at); replies, notifications and closes go out
/// through <see cref="IClientConnection"/>. It owns no socket, thread, timer or clock, and is
/// driven from one thread, so every reply and notification leaves in the order it was produced.
/// </summary>
internal sealed class ZkServerCore
{
    private static readonly byte[] InvalidSessionPassword = new byte[16];
    private readonly CoreOptions _options;
    private readonly ILogger _logger;
    private readonly PendingChanges _pending;
    private readonly RequestPreparer _preparer;
    private readonly ReadRequestHandler _reads;
    private readonly Dictionary<long, IClientConnection> _connectionsBySession = [];
    private readonly HashSet<IClientConnection> _connections = [];
    private long _lastZxid;
    private long _nextContainerCheckMs;

    public ZkServerCore(CoreOptions options, ServerTime now, ILogger logger)
    {
        _options = options;
        _logger = logger;
        Tree = new ZkDataTree();
        Sessions = new SessionTracker(options.ServerId, now.WallMs);
        _pending = new PendingChanges(Tree);
        _preparer = new RequestPreparer(Tree, _pending, Sessions, options.ExtendedTypesEnabled);
        _reads = new ReadRequestHandler(Tree);
        _nextContainerCheckMs = now.ElapsedMs + options.ContainerCheckIntervalMs;
    }

    public ZkDataTree Tree { get; }
    public SessionTracker Sessions { get; }
    public ServerStatistics Statistics { get; } = new();
    public CoreOptions Options => _options;
    public IReadOnlyCollection<IClientConnection> Connections => _connections;

    /// <summary>The zxid of the last transaction applied.</summary>
    public long LastZxid => Tree.LastProcessedZxid;

    public void OnConnectionOpened(IClientConnection connection) => _connections.Add(connection);

    /// <summary>The first frame of a connection: create a session or resume one (ZooKeeperServer.processConnectRequest).</summary>
    public void OnConnect(IClientConnection connection, ConnectRequest request, ServerTime now)
    {
        Statistics.PacketsReceived++;
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
            var sessionId = Sessions.NextSessionId();
            var header = new TxnHeader(sessionId, 0, NextZxid(), now.WallMs, OpCode.CreateSession);
            Apply(header, new CreateSessionTxn(timeout), now);
            AttachSession(connection, sessionId);
            SendConnectResponse(connection, request, timeout, sessionId, Sessions.Get(sessionId)!.Password);
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
        Sessions.Touch(session.Id, now.ElapsedMs);
        // A session lives on one connection at a time: the newer connection wins.
        if (_connectionsBySession.TryGetValue(session.Id, out var previous) && previous != connection)
        {
            DetachConnection(previous);
            previous.Close("session reconnected on another connection");
        }
        AttachSession(connection, session.Id);
        SendConnectResponse(connection, request, timeout, session.Id, session.Password);
    }

    /// <summary>A request frame after the handshake; the body is still encoded.</summary>
    public void OnRequest(IClientConnection connection, RequestHeader header, ReadOnlySpan<byte> body, ServerTime now)
    {
        // Frames that were already on their way when a handshake was refused find no session: the connection is closing.
        if (connection.SessionId == 0) return;
        Statistics.PacketsReceived++;
        var sessionId = connection.SessionId;
        Sessions.Touch(sessionId, now.ElapsedMs);

        switch (header.Type)
        {
            case OpCode.Ping:
                Reply(connection, new ReplyHeader(Xids.Ping, LastZxid, ErrorCode.Ok), null);
                return;
            case OpCode.Auth:
                Authenticate(connection, header, body);
                return;
            case OpCode.CloseSession:
                CloseSession(connection, header.Xid, now);
                return;
        }

        if (!IsKnownRequestType(header.Type))
        {
            _logger.LogWarning("Unknown request type {Type} from {Peer}", (int)header.Type, connection.RemoteEndPoint);
            Reply(connection, new ReplyHeader(header.Xid, -1, ErrorCode.Unimplemented), null);
            // ZooKeeper's UnimplementedRequestProcessor closes the connection after this reply; a client
            // speaking a protocol we do not know must not go on as if its request had been understood.
            connection.Close("unknown request type");
            return;
        }

        if (IsWrite(header.Type))
        {
            HandleWrite(connection, header, body, now);
            return;
        }
        HandleRead(connection, header, body);
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
        foreach (var session in Sessions.Expired(now.ElapsedMs))
        {
            _logger.LogInformation("Expiring session 0x{Session:x}, timeout of {Timeout}ms exceeded", session.Id, session.TimeoutMs);
            ExpireSession(session.Id, now);
        }
        if (now.ElapsedMs >= _nextContainerCheckMs)
        {
            _nextContainerCheckMs = now.ElapsedMs + _options.ContainerCheckIntervalMs;
            RemoveEmptyContainersAndExpiredTtls(now);
        }
    }

    private void HandleWrite(IClientConnection connection, RequestHeader header, ReadOnlySpan<byte> body, ServerTime now)
    {
        var zxid = NextZxid();
        var txnHeader = new TxnHeader(connection.SessionId, header.Xid, zxid, now.WallMs, header.Type);
        Txn txn;
        try
        {
            var reader = new JuteReader(body);
            var request = Request.Read(header.Type, ref reader) ?? throw new JuteException("no body decoder");
            txn = request is MultiRequest multi && multi.Ops.Any(op => op.Type is OpCode.GetData or OpCode.GetChildren)
                ? new ErrorTxn(ErrorCode.MarshallingError) // reads and writes may not be mixed in one multi
                : _preparer.Prepare(new RequestPreparer.Caller(connection.SessionId, connection.Identities), header.Type, request, zxid);
        }
        catch (JuteException e)
        {
            _logger.LogWarning("Malformed {Type} request from {Peer}: {Reason}", header.Type, connection.RemoteEndPoint, e.Message);
            txn = new ErrorTxn(ErrorCode.MarshallingError);
        }
        var result = Apply(txn is ErrorTxn ? txnHeader with { Type = OpCode.Error } : txnHeader, txn, now);
        Reply(connection, new ReplyHeader(header.Xid, LastZxid, result.Type == OpCode.Error ? result.Err : ErrorCode.Ok), ResponseFor(header.Type, result));
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
                Reply(connection, new ReplyHeader(header.Xid, 0, ErrorCode.AuthFailed), null);
                connection.Close("authentication failed");
                return;
        }
        Reply(connection, new ReplyHeader(header.Xid, 0, ErrorCode.Ok), null);
    }

    private void CloseSession(IClientConnection connection, int xid, ServerTime now)
    {
        var sessionId = connection.SessionId;
        var session = Sessions.Get(sessionId);
        if (session is null || session.Closing)
        {
            Reply(connection, new ReplyHeader(xid, LastZxid, ErrorCode.SessionExpired), null);
            connection.Close("session already closed");
            return;
        }
        var zxid = NextZxid();
        var txn = _preparer.PrepareCloseSession(sessionId, zxid);
        Apply(new TxnHeader(sessionId, xid, zxid, now.WallMs, OpCode.CloseSession), txn, now);
        DetachConnection(connection);
        Reply(connection, new ReplyHeader(xid, LastZxid, ErrorCode.Ok), null);
        connection.Close("client closed its session");
    }

    private void ExpireSession(long sessionId, ServerTime now)
    {
        var zxid = NextZxid();
        var txn = _preparer.PrepareCloseSession(sessionId, zxid);
        Apply(new TxnHeader(sessionId, 0, zxid, now.WallMs, OpCode.CloseSession), txn, now);
        if (_connectionsBySession.TryGetValue(sessionId, out var connection))
        {
            DetachConnection(connection);
            connection.Close("session expired");
        }
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
            var node = Tree.GetNode(path);
            if (node is null || node.ChildCount > 0) continue;
            var zxid = NextZxid();
            _pending.Add(new ChangeRecord(path, zxid, false, 0, 0, 0, 0, 0, []));
            Apply(new TxnHeader(0, 0, zxid, now.WallMs, OpCode.DeleteContainer), new DeleteTxn(path), now);
        }
    }

    private TxnResult Apply(TxnHeader header, Txn txn, ServerTime now)
    {
        var result = Tree.Apply(header, txn);
        _pending.Retire(header.Zxid);
        switch (txn)
        {
            case CreateSessionTxn create:
                Sessions.Add(header.ClientId, create.Timeout, now.ElapsedMs);
                break;
            case CloseSessionTxn:
                Sessions.Remove(header.ClientId);
                break;
        }
        return result;
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
        connection.SendConnectResponse(new ConnectResponse(0, timeout, sessionId, password, request.ReadOnly is null ? null : false));
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

    private long NextZxid() => ++_lastZxid;

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
