using System.Buffers.Binary;
using ConfigCenter.Consensus;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Server.DataTree;
using ConfigCenter.Server.Quorum.Messages;
using ConfigCenter.Server.Sessions;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Server.Pipeline;

/// <summary>
/// The ensemble side of the state machine. Writes, session creation and closing are ordered by the
/// leader: the leader prepares them (with the zxid Zab will give them) and proposes them; a learner
/// forwards them. Every server applies committed transactions in zxid order through
/// <see cref="OnCommitted"/>, and the server holding the client's connection answers it then. Reads are
/// answered locally, behind the connection's earlier requests. Sessions are global: the leader alone
/// expires them, learners report which of their clients are alive.
/// </summary>
internal sealed partial class ZkServerCore
{
    private readonly IQuorumLink? _quorum;
    private readonly long _replayUntilZxid;
    // Requests waiting for their committed transaction (or, for syncs, for the leader's answer), per session,
    // in the order they were handed to the leader: the leader orders each session's requests in that order.
    private readonly Dictionary<long, Queue<InFlightRequest>> _awaitingCommit = [];
    private readonly Dictionary<long, Queue<InFlightRequest>> _awaitingSync = [];
    // Sessions created here, or begun by this leader for a learner, whose createSession is not committed yet:
    // forgotten if the leadership changes.
    private readonly HashSet<long> _uncommittedSessions = [];
    // Sessions handed out while serving read-only: local to this member, dropped when the quorum returns.
    private readonly HashSet<long> _readOnlySessions = [];
    private HashSet<long> _touched = [];
    private bool _serving;

    /// <summary>srvr's and mntr's mode: standalone, or this server's role in the ensemble.</summary>
    public string Mode => IsReadOnly ? "read-only" : _quorum?.Mode ?? "standalone";

    /// <summary>Standalone, or an ensemble member that is leading or following an established leader.</summary>
    public bool IsServing => _quorum is null || _serving;

    /// <summary>
    /// Cut off from the majority with readonlymode.enabled: clients that accept it are served reads from
    /// this member's tree, with sessions of their own that the ensemble never sees; writes get NotReadOnly.
    /// </summary>
    public bool IsReadOnly => _quorum is not null && !_serving && _options.ReadOnlyModeEnabled;

    /// <summary>Leader: its learners; null otherwise.</summary>
    public LeaderView? LeaderView => _serving ? _quorum?.Leader : null;

    /// <summary>Learner: the sessions heard from since the last call, to report to the leader.</summary>
    public IReadOnlyCollection<long> TakeTouchedSessions()
    {
        var touched = _touched;
        _touched = [];
        return touched;
    }

    /// <summary>
    /// The ensemble role changed. Leaving service closes every client connection, as ZooKeeper does: the
    /// fate of their outstanding writes is unknown (a later leader may still commit them), so they
    /// must see a connection loss, not an answer.
    /// </summary>
    public void OnQuorumStatus(bool serving, ServerTime now)
    {
        if (serving == _serving) return;
        _serving = serving;
        ResetOrdering();
        if (serving)
        {
            // Read-only clients go, with their local sessions: they reconnect and find a read-write member, as in ZooKeeper.
            foreach (var connection in _connections.Where(c => _readOnlySessions.Contains(c.SessionId)).ToList())
            {
                DetachConnection(connection);
                connection.Close("the ensemble has a quorum again; read-only service ends");
            }
            foreach (var id in _readOnlySessions) Sessions.Remove(id);
            _readOnlySessions.Clear();
        }
        else
        {
            foreach (var connection in _connections.ToList())
            {
                DetachConnection(connection);
                connection.Close("this server lost its leader");
            }
            return;
        }
        if (_quorum!.IsLeader)
        {
            // A new leader does not know when learners last heard from their clients: everyone gets a full timeout.
            foreach (var session in Sessions.All) session.ExpiresAtMs = now.ElapsedMs + session.TimeoutMs;
        }
    }

    /// <summary>A committed transaction, in zxid order: apply it, and answer the request it carries if it came from here.</summary>
    public void OnCommitted(in TxnHeader header, Txn txn, ServerTime now)
    {
        if (header.Zxid <= Tree.LastProcessedZxid) return;
        if (header.Zxid <= _replayUntilZxid)
        {
            // Recovered from a fuzzy snapshot that may already hold this change.
            Tree.ApplyReplayed(header, txn);
            AppliedTransactions++;
            Sessions.Apply(header, txn, now.ElapsedMs);
            return;
        }
        var result = Apply(header, txn, now);
        if (txn is CreateSessionTxn) _uncommittedSessions.Remove(header.ClientId);
        var mine = _awaitingCommit.TryGetValue(header.ClientId, out var queue) && queue.TryPeek(out var waiting)
            && waiting.Cxid == header.Cxid && (waiting.Kind == InFlightKind.Connect) == (header.Type == OpCode.CreateSession);
        if (mine)
        {
            queue!.Dequeue().Result = result;
            if (queue.Count == 0) _awaitingCommit.Remove(header.ClientId);
        }
        else if (txn is CloseSessionTxn && _connectionsBySession.TryGetValue(header.ClientId, out var expired))
        {
            DetachConnection(expired);
            expired.Close("session expired");
        }
        Drain(now);
    }

    /// <summary>Leader: a request a learner forwarded.</summary>
    public void OnForwarded(PeerId from, ForwardedRequest request, ServerTime now)
    {
        if (!_serving || !_quorum!.IsLeader) return;
        if (request.Type == OpCode.Sync)
        {
            _quorum.Send(from, new SyncReached(request.SessionId, request.Cxid, LastProposedZxid));
            return;
        }
        Order(new RequestPreparer.Caller(request.SessionId, request.Identities), request.Cxid, request.Type, request.Body, now, $"server {from}");
    }

    /// <summary>Learner: the leader answered a forwarded sync.</summary>
    public void OnSyncReached(SyncReached reached, ServerTime now)
    {
        if (!_awaitingSync.TryGetValue(reached.SessionId, out var queue) || !queue.TryPeek(out var sync) || sync.Cxid != reached.Cxid) return;
        queue.Dequeue().WaitForZxid = reached.Zxid;
        if (queue.Count == 0) _awaitingSync.Remove(reached.SessionId);
        Drain(now);
    }

    /// <summary>Leader: a learner's clients were heard from.</summary>
    public void OnSessionTouches(SessionTouches touches, ServerTime now)
    {
        if (!_serving || !_quorum!.IsLeader) return;
        foreach (var id in touches.SessionIds) Sessions.Touch(id, now.ElapsedMs);
    }

    /// <summary>SNAP from the leader: the tree and sessions are replaced (no client is connected while syncing).</summary>
    public void InstallState(ZkDataTree tree, SessionTracker sessions)
    {
        Tree = tree;
        Sessions = sessions;
        _pending = new PendingChanges(Tree);
        _preparer = new RequestPreparer(Tree, _pending, Sessions, _options.ExtendedTypesEnabled);
        _reads = new ReadRequestHandler(Tree);
        ResetOrdering();
    }

    private void ConnectReadOnly(IClientConnection connection, ConnectRequest request, ServerTime now)
    {
        var session = request.SessionId != 0 ? Sessions.Get(request.SessionId) : null;
        if (session is null || !session.Password.AsSpan().SequenceEqual(request.Password))
        {
            var timeout = Math.Clamp(request.Timeout, _options.MinSessionTimeoutMs, _options.MaxSessionTimeoutMs);
            session = Sessions.Add(Sessions.NextSessionId(), timeout, now.ElapsedMs);
            _readOnlySessions.Add(session.Id);
        }
        AttachSession(connection, session.Id);
        SendConnectResponse(connection, request, session.TimeoutMs, session.Id, session.Password);
    }

    /// <summary>Read-only sessions are this member's alone, so it expires them by its own clock, as ZooKeeper's read-only server does.</summary>
    private void ExpireReadOnlySessions(ServerTime now)
    {
        foreach (var id in _readOnlySessions.ToList())
        {
            if (Sessions.Get(id) is { } session && session.ExpiresAtMs > now.ElapsedMs) continue;
            _logger.LogInformation("Expiring read-only session 0x{Session:x}", id);
            _readOnlySessions.Remove(id);
            Sessions.Remove(id);
            if (_connectionsBySession.TryGetValue(id, out var connection))
            {
                DetachConnection(connection);
                connection.Close("session expired");
            }
        }
    }

    private void TouchSession(long sessionId, ServerTime now)
    {
        Sessions.Touch(sessionId, now.ElapsedMs);
        if (_quorum is not null) _touched.Add(sessionId);
    }

    private long LastProposedZxid => Math.Max(LastZxid, _quorum!.NextProposalZxid - 1);

    private void CreateSessionThroughLeader(IClientConnection connection, ConnectRequest request, long sessionId, int timeout, ServerTime now)
    {
        _uncommittedSessions.Add(sessionId);
        var body = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(body, timeout);
        Await(new InFlightRequest { Kind = InFlightKind.Connect, Connection = connection, Connect = request, AwaitsCommit = true }, sessionId, OpCode.CreateSession, body, [], now);
    }

    private void OrderThroughLeader(IClientConnection connection, RequestHeader header, ReadOnlySpan<byte> body, ServerTime now)
    {
        if (header.Type == OpCode.Sync)
        {
            var sync = new InFlightRequest { Kind = InFlightKind.Read, Connection = connection, Header = header, Body = body.ToArray(), Cxid = header.Xid };
            if (_quorum!.IsLeader)
            {
                sync.WaitForZxid = LastProposedZxid;
                _inFlight.Enqueue(sync);
                Drain(now);
                return;
            }
            sync.WaitForZxid = long.MaxValue;
            _inFlight.Enqueue(sync);
            QueueFor(_awaitingSync, connection.SessionId).Enqueue(sync);
            _quorum.Forward(new ForwardedRequest(connection.SessionId, header.Xid, OpCode.Sync, [], []));
            return;
        }
        var kind = header.Type == OpCode.CloseSession ? InFlightKind.Close : InFlightKind.Write;
        if (kind == InFlightKind.Close && Sessions.Get(connection.SessionId) is { } closing) closing.Closing = true;
        Await(new InFlightRequest { Kind = kind, Connection = connection, Header = header, Cxid = header.Xid, AwaitsCommit = true },
            connection.SessionId, header.Type, body, connection.Identities, now);
    }

    private void Await(InFlightRequest request, long sessionId, OpCode type, ReadOnlySpan<byte> body, IReadOnlyList<Id> identities, ServerTime now)
    {
        _inFlight.Enqueue(request);
        QueueFor(_awaitingCommit, sessionId).Enqueue(request);
        if (_quorum!.IsLeader) Order(new RequestPreparer.Caller(sessionId, identities), request.Cxid, type, body, now, "a local client");
        else _quorum.Forward(new ForwardedRequest(sessionId, request.Cxid, type, body.ToArray(), identities.ToList()));
    }

    /// <summary>Leader: prepare the request against the tree as pending proposals leave it, and propose it.</summary>
    private void Order(RequestPreparer.Caller caller, int cxid, OpCode type, ReadOnlySpan<byte> body, ServerTime now, string from)
    {
        var zxid = _quorum!.NextProposalZxid;
        TxnHeader header;
        Txn txn;
        switch (type)
        {
            case OpCode.CreateSession:
                var timeout = body.Length == 4 ? BinaryPrimitives.ReadInt32BigEndian(body) : _options.MinSessionTimeoutMs;
                // Tracked from now on, so requests right behind the handshake find it and it can expire; forgotten
                // with the leadership unless committed, like a session created here.
                if (Sessions.Get(caller.SessionId) is null)
                {
                    Sessions.Add(caller.SessionId, timeout, now.ElapsedMs);
                    _uncommittedSessions.Add(caller.SessionId);
                }
                header = new TxnHeader(caller.SessionId, cxid, zxid, now.WallMs, OpCode.CreateSession);
                txn = new CreateSessionTxn(timeout);
                break;
            case OpCode.CloseSession:
                header = new TxnHeader(caller.SessionId, cxid, zxid, now.WallMs, OpCode.CloseSession);
                txn = _preparer.PrepareCloseSession(caller.SessionId, zxid);
                break;
            default:
                Sessions.Touch(caller.SessionId, now.ElapsedMs);
                header = PrepareTxn(caller, cxid, type, body, zxid, now, from, out txn);
                break;
        }
        _quorum.Propose(header, txn);
    }

    private bool CanComplete(InFlightRequest request) => _quorum is null
        ? !(request.IsTransaction && request.TxnHeader.Zxid > _durableZxid)
        : request.AwaitsCommit ? request.Result is not null : request.WaitForZxid <= LastZxid;

    /// <summary>Forgets everything that depended on the previous leadership: prepared changes, queued requests, unconfirmed sessions.</summary>
    private void ResetOrdering()
    {
        _inFlight.Clear();
        _awaitingCommit.Clear();
        _awaitingSync.Clear();
        _pending.Clear();
        foreach (var id in _uncommittedSessions) Sessions.Remove(id);
        _uncommittedSessions.Clear();
        foreach (var session in Sessions.All) session.Closing = false;
    }

    private static Queue<InFlightRequest> QueueFor(Dictionary<long, Queue<InFlightRequest>> queues, long sessionId)
    {
        if (!queues.TryGetValue(sessionId, out var queue)) queues[sessionId] = queue = new Queue<InFlightRequest>();
        return queue;
    }
}
