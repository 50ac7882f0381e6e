using System.Buffers;
using ConfigCenter.Consensus;
using ConfigCenter.Consensus.Tests.Simulation;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Jute;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Server.Tests.Simulation;

/// <summary>
/// A simulated ZooKeeper client: it holds one session across connections, speaks the real request records,
/// pings, fails over to another server when its connection breaks, times out or is closed, and may close
/// its session or vanish. It checks its own view as the replies come: reply zxids never go back (across
/// failover too), a server behind it never takes its session, no read returns an older version than one
/// it saw, and every acknowledged write is the committed transaction it claims to be.
/// </summary>
internal sealed class SimClient(ServerSimulation simulation, int index)
{
    private const int RequestedTimeoutMs = 1_500;
    private const int MaxOutstanding = 3;
    private const int PersistentPaths = 6;

    private sealed record PendingOp(int Xid, OpCode Type, string Path, byte[]? Data, bool Ephemeral);

    private readonly Queue<PendingOp> _pending = new();
    private readonly Dictionary<string, long> _newestSeen = [];
    private readonly Dictionary<string, long> _absentAt = [];
    private readonly List<string> _myEphemerals = [];
    private byte[] _password = new byte[16];
    private bool _established;
    private long _connectStartedAt;
    private long _lastHeardAt;
    private long _lastSentAt;
    private int _timeoutMs = RequestedTimeoutMs;
    private int _xid;
    private int _ephemeralCounter;

    public int Index { get; } = index;
    public SimConnection? Connection { get; private set; }
    public long SessionId { get; private set; }
    public long LastZxidSeen { get; private set; }

    /// <summary>Gone for good: its session must expire by the leader's clock. Client 0 never goes, so the liveness phase has a writer.</summary>
    public bool Vanished { get; private set; }

    /// <summary>The liveness phase got its writes: only pings from now on.</summary>
    public bool Quiet { get; set; }

    /// <summary>Sessions this client held when it vanished, which must end.</summary>
    public long AbandonedSession { get; private set; }

    private SimRandom Rng => simulation.Rng;

    /// <summary>The client's periodic step: connect, give up on a silent server, send requests and pings.</summary>
    public void Act()
    {
        if (Vanished) return;
        var now = simulation.Now;
        if (Connection is null)
        {
            Connect();
        }
        else if (!_established)
        {
            if (now - _connectStartedAt > _timeoutMs / 2) Abandon("the handshake timed out");
        }
        else if (now - _lastHeardAt > _timeoutMs * 2 / 3)
        {
            Abandon("the server went silent");
        }
        else if (Index > 0 && !Quiet && !simulation.Healed && Rng.Chance(simulation.Options.VanishRate))
        {
            Vanish();
        }
        else if (!Quiet && !simulation.Healed && Rng.Chance(simulation.Options.CloseSessionRate))
        {
            Send(OpCode.CloseSession, EmptyRequest.Instance, "", null, false);
        }
        else if (!Quiet && _pending.Count < MaxOutstanding)
        {
            SendRandomOperation();
        }
        if (Connection is not null && _established && now - _lastSentAt >= _timeoutMs / 3) Ping();
    }

    /// <summary>Something the server sent on <paramref name="connection"/> arrived.</summary>
    public void OnOutput(SimConnection connection, ServerOutput output)
    {
        if (connection != Connection || Vanished) return;
        _lastHeardAt = simulation.Now;
        switch (output)
        {
            case ConnectOutput connect:
                OnConnected(connection, connect.Response);
                break;
            case ReplyOutput reply:
                OnReply(reply);
                break;
            case CloseOutput close:
                simulation.Trace?.Line(simulation.Now, $"client {Index}: {connection} closed by the server: {close.Reason}");
                if (!_established && close.Reason.Contains("newer zxid", StringComparison.Ordinal)) simulation.Stats.RefusedAsBehind++;
                Drop();
                break;
        }
    }

    /// <summary>The connection broke (a crash, a cut): the fate of outstanding requests is unknown.</summary>
    public void OnConnectionLost(SimConnection connection)
    {
        if (connection != Connection) return;
        simulation.Trace?.Line(simulation.Now, $"client {Index}: {connection} lost");
        Drop();
    }

    private void Connect()
    {
        var server = simulation.PickServer(Connection?.Server);
        Connection = simulation.OpenConnection(this, server);
        _established = false;
        _connectStartedAt = _lastHeardAt = simulation.Now;
        simulation.Trace?.Line(simulation.Now, $"client {Index}: connects to {server.Id} ({(SessionId == 0 ? "new session" : $"session 0x{SessionId:x}")}, last zxid seen {Zxid.Format(LastZxidSeen)})");
        simulation.SendConnect(Connection, new ConnectRequest(0, LastZxidSeen, RequestedTimeoutMs, SessionId, _password, false));
    }

    private void OnConnected(SimConnection connection, ConnectResponse response)
    {
        if (response.SessionId == 0)
        {
            simulation.Trace?.Line(simulation.Now, $"client {Index}: session 0x{SessionId:x} expired");
            simulation.Stats.SessionsExpired++;
            ForgetSession();
            return;
        }
        if (connection.ServerZxidAtConnect < connection.ClientZxidAtConnect)
            throw new SimulationFailure($"client {Index}: server {connection.Server.Id} at {Zxid.Format(connection.ServerZxidAtConnect)} accepted a client that had seen {Zxid.Format(connection.ClientZxidAtConnect)}");
        if (SessionId != 0 && response.SessionId != SessionId)
            throw new SimulationFailure($"client {Index}: asked to resume session 0x{SessionId:x}, got 0x{response.SessionId:x}");
        if (SessionId == 0)
        {
            SessionId = response.SessionId;
            _password = response.Password;
            simulation.Stats.SessionsOpened++;
        }
        else
        {
            simulation.Stats.Failovers++;
        }
        _established = true;
        _timeoutMs = response.Timeout;
        simulation.Trace?.Line(simulation.Now, $"client {Index}: session 0x{SessionId:x} established on {connection.Server.Id}, timeout {response.Timeout}ms");
    }

    private void OnReply(ReplyOutput reply)
    {
        var header = reply.Header;
        if (header.Zxid < LastZxidSeen)
            throw new SimulationFailure($"client {Index}: reply to xid {header.Xid} from {Connection!.Server.Id} carries zxid {Zxid.Format(header.Zxid)}, older than the {Zxid.Format(LastZxidSeen)} it had seen");
        LastZxidSeen = header.Zxid;
        if (header.Xid == Xids.Ping) return;
        if (!_pending.TryDequeue(out var op) || op.Xid != header.Xid)
            throw new SimulationFailure($"client {Index}: reply to xid {header.Xid} arrived, expected {(op is null ? "none" : op.Xid.ToString(System.Globalization.CultureInfo.InvariantCulture))}");
        simulation.Trace?.Line(simulation.Now, $"client {Index}: {op.Type} {op.Path} -> {header.Err} at {Zxid.Format(header.Zxid)}");
        if (header.Err == ErrorCode.Ok) OnSuccess(op, reply);
        else if (header.Err == ErrorCode.NoNode && op.Type is OpCode.GetData or OpCode.Exists) SawAbsent(op.Path, header.Zxid);
    }

    private void OnSuccess(PendingOp op, ReplyOutput reply)
    {
        switch (op.Type)
        {
            case OpCode.Create2:
                var created = (Create2Response)reply.Body!;
                Acknowledge(op, created.Path, created.Stat.Czxid);
                SawNode(created.Path, created.Stat, reply.Header.Zxid);
                if (op.Ephemeral)
                {
                    _myEphemerals.Add(created.Path);
                    simulation.Invariants.OnAckedEphemeral(new AckedEphemeral(created.Path, SessionId, created.Stat.Czxid));
                }
                break;
            case OpCode.SetData:
                var stat = ((StatResponse)reply.Body!).Stat;
                Acknowledge(op, op.Path, stat.Mzxid);
                SawNode(op.Path, stat, reply.Header.Zxid);
                break;
            case OpCode.Delete:
                var deleted = simulation.History.ZxidOf(SessionId, op.Xid, OpCode.Delete)
                    ?? throw new SimulationFailure($"client {Index}: delete of {op.Path} acknowledged, but no committed delete carries its session and xid");
                Acknowledge(op, op.Path, deleted);
                SawAbsent(op.Path, deleted);
                _myEphemerals.Remove(op.Path);
                break;
            case OpCode.GetData:
                SawNode(op.Path, ((GetDataResponse)reply.Body!).Stat, reply.Header.Zxid);
                simulation.Stats.Reads++;
                break;
            case OpCode.Exists:
                SawNode(op.Path, ((StatResponse)reply.Body!).Stat, reply.Header.Zxid);
                simulation.Stats.Reads++;
                break;
            case OpCode.CloseSession:
                if (simulation.History.ZxidOf(SessionId, op.Xid, OpCode.CloseSession) is null)
                    throw new SimulationFailure($"client {Index}: close of session 0x{SessionId:x} acknowledged, but it is not committed");
                simulation.Stats.SessionsClosed++;
                ForgetSession();
                break;
        }
    }

    /// <summary>An acknowledged write must be the committed transaction of this session and xid, at the zxid the reply names.</summary>
    private void Acknowledge(PendingOp op, string path, long zxid)
    {
        var committed = simulation.History.ZxidOf(SessionId, op.Xid, op.Type);
        if (committed != zxid)
            throw new SimulationFailure($"client {Index}: {op.Type} of {path} acknowledged as {Zxid.Format(zxid)}; the committed history has it at {(committed is { } z ? Zxid.Format(z) : "nowhere")}");
        simulation.Invariants.OnAcked(new AckedWrite(Index, op.Type, path, zxid, op.Data));
        simulation.OnClientWriteAcked();
    }

    private void SawNode(string path, Stat stat, long replyZxid)
    {
        if (stat.Mzxid > replyZxid)
            throw new SimulationFailure($"client {Index}: read {path} at version {Zxid.Format(stat.Mzxid)}, newer than the reply's zxid {Zxid.Format(replyZxid)}");
        if (_newestSeen.TryGetValue(path, out var newest) && stat.Mzxid < newest)
            throw new SimulationFailure($"client {Index}: read {path} as of {Zxid.Format(stat.Mzxid)} after having seen it as of {Zxid.Format(newest)}");
        if (_absentAt.TryGetValue(path, out var absent) && stat.Czxid <= absent)
            throw new SimulationFailure($"client {Index}: read {path} created at {Zxid.Format(stat.Czxid)} after having seen it absent at {Zxid.Format(absent)}");
        _newestSeen[path] = stat.Mzxid;
    }

    private void SawAbsent(string path, long zxid) => _absentAt[path] = Math.Max(zxid, _absentAt.GetValueOrDefault(path));

    private void SendRandomOperation()
    {
        var persistent = $"/p{Rng.Next(PersistentPaths)}";
        var roll = Rng.Next(100);
        switch (roll)
        {
            case < 18:
                Send(OpCode.Create2, new CreateRequest(persistent, Data(), Acl.OpenAclUnsafe, (int)CreateMode.Persistent), persistent, null, false);
                break;
            case < 38:
                var data = Data();
                Send(OpCode.SetData, new SetDataRequest(persistent, data, -1), persistent, data, false);
                break;
            case < 46:
                Send(OpCode.Delete, new DeleteRequest(persistent, -1), persistent, null, false);
                break;
            case < 56:
                var ephemeral = $"/e{Index}-{++_ephemeralCounter}";
                Send(OpCode.Create2, new CreateRequest(ephemeral, Data(), Acl.OpenAclUnsafe, (int)CreateMode.Ephemeral), ephemeral, null, true);
                break;
            case < 60 when _myEphemerals.Count > 0:
                var mine = Rng.Pick(_myEphemerals);
                Send(OpCode.Delete, new DeleteRequest(mine, -1), mine, null, false);
                break;
            case < 64:
                Send(OpCode.Create2, new CreateRequest("/s-", Data(), Acl.OpenAclUnsafe, (int)CreateMode.PersistentSequential), "/s-", null, false);
                break;
            case < 82:
                var read = _myEphemerals.Count > 0 && Rng.Chance(0.3) ? Rng.Pick(_myEphemerals) : persistent;
                Send(OpCode.GetData, new GetDataRequest(read, false), read, null, false);
                break;
            case < 94:
                Send(OpCode.Exists, new ExistsRequest(persistent, false), persistent, null, false);
                break;
            default:
                Send(OpCode.Sync, new SyncRequest("/"), "/", null, false);
                break;
        }
    }

    private void Send(OpCode type, Request request, string path, byte[]? data, bool ephemeral)
    {
        var xid = ++_xid;
        // The data a create writes is what its acknowledgement must later show.
        if (request is CreateRequest create) data = create.Data;
        _pending.Enqueue(new PendingOp(xid, type, path, data, ephemeral));
        simulation.Trace?.Line(simulation.Now, $"client {Index}: sends xid {xid} {type} {path} on {Connection}");
        SendFrame(new RequestHeader(xid, type), request);
    }

    private void Ping() => SendFrame(new RequestHeader(Xids.Ping, OpCode.Ping), EmptyRequest.Instance);

    private void SendFrame(RequestHeader header, Request request)
    {
        var buffer = new ArrayBufferWriter<byte>();
        request.Write(new JuteWriter(buffer));
        _lastSentAt = simulation.Now;
        simulation.SendRequest(Connection!, header, buffer.WrittenSpan.ToArray());
    }

    private byte[] Data()
    {
        var data = new byte[Rng.Next(0, 12)];
        for (var i = 0; i < data.Length; i++) data[i] = (byte)Rng.Next(256);
        return data;
    }

    private void Abandon(string reason)
    {
        simulation.Trace?.Line(simulation.Now, $"client {Index}: gives up on {Connection}: {reason}");
        simulation.Abandon(Connection!);
        Drop();
    }

    private void Vanish()
    {
        simulation.Trace?.Line(simulation.Now, $"client {Index}: VANISHES with session 0x{SessionId:x}");
        Vanished = true;
        AbandonedSession = SessionId;
        if (Connection is { } connection) simulation.Abandon(connection);
        Drop();
    }

    private void Drop()
    {
        Connection = null;
        _established = false;
        _pending.Clear();
    }

    private void ForgetSession()
    {
        SessionId = 0;
        _password = new byte[16];
        _myEphemerals.Clear();
    }
}
