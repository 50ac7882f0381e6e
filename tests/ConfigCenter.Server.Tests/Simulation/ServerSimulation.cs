using ConfigCenter.Consensus;
using ConfigCenter.Consensus.Messages;
using ConfigCenter.Consensus.Tests.Simulation;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Server.Pipeline;
using ConfigCenter.Server.Quorum;
using ConfigCenter.Server.Quorum.Storage;
using ConfigCenter.Storage;
using ConfigCenter.Storage.Snapshots;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConfigCenter.Server.Tests.Simulation;

/// <summary>
/// Whole ensembles of real servers — <see cref="ReplicaCore"/> (the Zab core and its Ready handling) joined to
/// <see cref="ZkServerCore"/> (sessions, the tree, request ordering) — and their clients, in one process under
/// a seeded scheduler: every input is an event of one priority queue ordered by simulated time, so a seed
/// replays exactly. The simulator models the disks (latency, slow disks, crashes that lose writes in flight),
/// the peer network (FIFO links that break, with duplicated and late Zab messages, partitions, one-way ones
/// too), client connections (FIFO, broken by crashes and cuts) and the clients themselves (<see cref="SimClient"/>).
/// <para>
/// Faults first: crashes (also right at the rewrites of a sync), failed log writes, restarts from the disk,
/// pauses, partitions, client cuts, snapshots. Then liveness: everything heals and every server restarts; clients must get writes
/// through, vanished clients' sessions must expire, and every server must converge on one tree.
/// <see cref="ServerInvariants"/> run after every step.
/// </para>
/// </summary>
internal sealed class ServerSimulation
{
    public const int TickMs = 50;
    private const long WallStartMs = 1_700_000_000_000;
    private const int LivenessWrites = 3;
    private const int LivenessBudgetMs = 60_000;
    // A run that takes more steps than this has a runaway loop of events at one instant.
    private const long MaxSteps = 3_000_000;

    private static readonly CoreOptions BaseCoreOptions = new() { TickTimeMs = 100, MinSessionTimeoutMs = 400, MaxSessionTimeoutMs = 4_000 };

    private readonly ServerSimStats _stats = new();
    private readonly SimServer[] _servers;
    private readonly SimClient[] _clients;
    private readonly EventQueue<Action> _events = new(MaxSteps);
    private readonly NetworkPartition _partition = new();
    private readonly Dictionary<(int Client, int Server), long> _clientCuts = [];
    private readonly Dictionary<(int From, int To), (int Generation, long LastAt)> _links = [];
    private readonly Dictionary<(int, int), long> _breakNoticedAt = [];
    private readonly SnapshotWriter _images = new(new StorageOptions { DataDir = "simulated" });
    private long _healedAt;
    private int _livenessAcked;
    private int _connections;
    private double _linkBreakRate;
    private double _duplicateRate;
    private double _slowMessageRate;
    private int _delayMax;

    public ServerSimulation(ulong seed, ServerSimTrace? trace = null)
    {
        Rng = new SimRandom(seed);
        Options = ServerSimOptions.FromSeed(Rng);
        Trace = trace;
        var voters = Enumerable.Range(1, Options.Voters).Select(i => new PeerId(i)).ToList();
        var observers = Enumerable.Range(Options.Voters + 1, Options.Observers).Select(i => new PeerId(i)).ToList();
        _servers = voters.Concat(observers).Select((id, index) => new SimServer(index, id, index < voters.Count,
            new ZabConfig(id, voters, observers)
            {
                MaxBatchEntries = 64,
                MaxOutstandingProposals = 1000,
                InitLimitTicks = Options.InitLimitTicks,
                SyncLimitTicks = Options.SyncLimitTicks,
            }, Options.DiskLatencyMaxMs[index])).ToArray();
        _clients = Enumerable.Range(0, Options.Clients).Select(i => new SimClient(this, i)).ToArray();
        Invariants = new ServerInvariants(_servers, History);
        _linkBreakRate = Options.LinkBreakRate;
        _duplicateRate = Options.DuplicateRate;
        _slowMessageRate = Options.SlowMessageRate;
        _delayMax = Options.DelayMaxMs;
        Trace?.Raw($"seed {seed}: {Options}");
    }

    public SimRandom Rng { get; }
    public ServerSimOptions Options { get; }
    public ServerSimTrace? Trace { get; }
    public CommittedHistory History { get; } = new();
    public ServerInvariants Invariants { get; }
    public ServerSimStats Stats => _stats;
    public long Now => _events.Now;
    public bool Healed { get; private set; }

    public ServerSimStats Run()
    {
        foreach (var server in _servers)
        {
            Start(server);
            Schedule(Rng.Next(1, TickMs + 1), () => Tick(server));
        }
        foreach (var client in _clients) Schedule(Rng.Next(1, 100), () => ClientAct(client));
        Schedule(TickMs, Chaos);

        while (_events.TryNext(out var action))
        {
            action();
            Invariants.AfterStep();
            TraceStatusChanges();
            if (!Healed && Now >= Options.FaultMs) Heal();
            if (Healed && LivenessReached())
            {
                Invariants.CheckConverged();
                Trace?.Line(Now, $"converged: {History.Count} committed transactions, last {Zxid.Format(History.LastZxid)}");
                _stats.Steps = _events.Steps;
                _stats.SimulatedMs = Now;
                _stats.Committed = History.Count;
                _stats.AckedWrites = Invariants.AckedWrites;
                _stats.EstablishedEpochs = Invariants.EstablishedEpochs;
                _stats.MsToConverge = Now - _healedAt;
                return _stats;
            }
            if (Healed && Now - _healedAt > LivenessBudgetMs)
                throw new SimulationFailure($"liveness: no convergence within {LivenessBudgetMs}ms after the faults stopped; {DescribeServers()}");
        }
        throw new SimulationFailure("the event queue ran dry");
    }

    // ---- servers ----

    private ServerTime TimeOf() => new(Now, WallStartMs + Now);

    private void Start(SimServer server)
    {
        server.Incarnation++;
        var disk = server.Disk;
        var now = TimeOf();
        var (tree, sessions) = SimReplicaIo.Load(disk.Snapshot, server.Id.Value, now);
        var recovered = new QuorumRecoveredState(tree, sessions, disk.Snapshot.Zxid, disk.Durable.ToList(), disk.Hard, ++server.BootCount);
        var io = new SimReplicaIo(this, server);
        var member = new ReplicaCore(server.Config, recovered, _images, io, io, NullLogger.Instance);
        var core = new ZkServerCore(BaseCoreOptions with { ServerId = server.Id.Value }, now, NullLogger.Instance, null, tree, sessions,
            member, replayUntilZxid: recovered.LastLoggedZxid);
        member.Attach(core);
        server.Member = member;
        server.Core = core;
        server.LastStatus = member.Status;
        Trace?.Line(Now, $"{server.Id} starts (life {server.Incarnation}): {disk.Hard}, snapshot {Zxid.Format(disk.Snapshot.Zxid)}, log up to {Zxid.Format(disk.LastDurableZxid)}");
        Invariants.OnStarted(server);
        AtServer(server, server.Incarnation, (m, _, time) => { });
    }

    /// <summary>Feeds one input to a live server, then carries out what its replica asks; a crash at a rewrite ends the life.</summary>
    private void AtServer(SimServer server, int incarnation, Action<ReplicaCore, ZkServerCore, ServerTime> input)
    {
        if (server.Incarnation != incarnation || server.Member is not { } member || server.Core is not { } core) return;
        if (server.IsHeld(Now))
        {
            // A frozen process reads its sockets and its disk's completions only when it wakes up, in order.
            if (server.Deferred.Count == 0) ScheduleAt(server.PausedUntil, () => Wake(server, incarnation));
            server.Deferred.Enqueue(() => AtServer(server, incarnation, input));
            return;
        }
        try
        {
            var now = TimeOf();
            input(member, core, now);
            member.HandleReady(now);
        }
        catch (CrashedAtRewrite crash)
        {
            _stats.RewriteCrashes++;
            Crash(server, crash.Message);
        }
    }

    /// <summary>A frozen server wakes (unless its pause was extended) and takes what arrived meanwhile, in order.</summary>
    private void Wake(SimServer server, int incarnation)
    {
        if (server.Incarnation != incarnation) return;
        if (server.PausedUntil > Now)
        {
            ScheduleAt(server.PausedUntil, () => Wake(server, incarnation));
            return;
        }
        var deferred = server.Deferred.ToList();
        server.Deferred.Clear();
        foreach (var input in deferred) input();
    }

    private void Tick(SimServer server)
    {
        Schedule(TickMs, () => Tick(server));
        AtServerIfAwake(server, (member, core, now) =>
        {
            member.Tick(now);
            core.OnTick(now);
        });
    }

    /// <summary>Timers do not fire in a frozen process: the input is skipped, not deferred.</summary>
    private void AtServerIfAwake(SimServer server, Action<ReplicaCore, ZkServerCore, ServerTime> input)
    {
        if (!server.IsHeld(Now)) AtServer(server, server.Incarnation, input);
    }

    private sealed class CrashedAtRewrite(string message) : Exception(message);

    /// <summary>Called by the disk right before and after a rewrite: sometimes the server dies there.</summary>
    public void MaybeCrashAtRewrite(SimServer server, string moment)
    {
        if (!Healed && Rng.Chance(Options.SyncCrashRate)) throw new CrashedAtRewrite(moment);
    }

    public void Append(SimServer server, Consensus.Storage.LogEntry entry)
    {
        var (step, open) = server.OpenWrite;
        if (step == _events.Steps && server.Disk.AddTo(open, entry)) return;
        var id = server.Disk.Enqueue(entry, Now + Rng.Next(1, server.DiskLatencyMaxMs + 1));
        server.OpenWrite = (_events.Steps, id);
        var incarnation = server.Incarnation;
        ScheduleAt(server.Disk.CompletionOf(id), () => DiskDone(server, incarnation, id));
    }

    private void DiskDone(SimServer server, int incarnation, long writeId) => AtServer(server, incarnation, (member, _, now) =>
    {
        if (!Healed && server.Disk.CompletionOf(writeId) != 0 && Rng.Chance(Options.LogFailureRate))
        {
            FailLog(server, member, now);
            return;
        }
        if (server.Disk.Complete(writeId) is { } durable) member.OnDurable(durable, now);
    });

    /// <summary>
    /// The log's write failed: the writes in flight are lost, the process lives on, and its replica starts over
    /// from what is durable, as <see cref="QuorumReplica"/> does on a log failure.
    /// </summary>
    private void FailLog(SimServer server, ReplicaCore member, ServerTime now)
    {
        _stats.LogFailures++;
        server.Disk.Crash();
        Trace?.Line(Now, $"{server.Id} LOG WRITE FAILED; restarts its replica from the durable log up to {Zxid.Format(server.Disk.LastDurableZxid)}");
        member.Restart(server.Disk.Hard, server.Disk.LastDurableZxid, ++server.BootCount, now);
    }

    public void ReportDurable(SimServer server, int incarnation, long durable) =>
        Schedule(0, () => AtServer(server, incarnation, (member, _, now) => member.OnDurable(durable, now)));

    public void OnSnapshotInstalled(SimServer server, long zxid)
    {
        _stats.SnapshotsInstalled++;
        Trace?.Line(Now, $"{server.Id} installs the leader's snapshot at {Zxid.Format(zxid)}");
        Invariants.OnSnapshotInstalled(server, zxid);
    }

    private void Crash(SimServer server, string reason)
    {
        Trace?.Line(Now, $"{server.Id} CRASH ({reason}); durable log up to {Zxid.Format(server.Disk.LastDurableZxid)}");
        _stats.Crashes++;
        server.Member = null;
        server.Core = null;
        server.PausedUntil = 0;
        server.Deferred.Clear();
        server.Disk.Crash();
        foreach (var other in _servers)
        {
            if (other != server) BreakLink(server, other);
        }
        foreach (var client in _clients)
        {
            if (client.Connection is { Server: var s } connection && s == server) BreakConnection(connection);
        }
        var downtime = Healed ? 1 : Rng.Next(1, Options.DowntimeMaxMs + 1);
        Schedule(downtime, () =>
        {
            if (!server.IsUp) Start(server);
        });
    }

    private void TraceStatusChanges()
    {
        foreach (var server in _servers)
        {
            if (server.Member is not { } member || member.Status == server.LastStatus) continue;
            server.LastStatus = member.Status;
            Trace?.Line(Now, $"{server.Id} is now {member.Status} (applied {Zxid.Format(server.Core!.LastZxid)})");
        }
    }

    // ---- the peer network ----

    public void SendPeer(SimServer from, PeerId toId, object message)
    {
        var to = _servers[(int)toId.Value - 1];
        if (_partition.Blocks(from.Index, to.Index) || Rng.Chance(_linkBreakRate))
        {
            Trace?.Line(Now, $"{from.Id}->{to.Id} link breaks, lost {Describe(message)}");
            BreakLink(from, to);
            return;
        }
        var link = _links.GetValueOrDefault((from.Index, to.Index));
        var at = Math.Max(Now + Delay(), link.LastAt);
        var zab = message is ZabMessage;
        if (zab && Rng.Chance(_slowMessageRate)) at += Rng.Next(TickMs * 4);
        else _links[(from.Index, to.Index)] = link with { LastAt = at };
        ScheduleAt(at, () => DeliverPeer(from, to, link.Generation, message));
        if (zab && Rng.Chance(_duplicateRate)) ScheduleAt(at + Rng.Next(1, 20), () => DeliverPeer(from, to, link.Generation, message));
    }

    private void DeliverPeer(SimServer from, SimServer to, int generation, object message)
    {
        if (_links.GetValueOrDefault((from.Index, to.Index)).Generation != generation) return;
        if (_partition.Blocks(from.Index, to.Index) || !to.IsUp)
        {
            BreakLink(from, to);
            return;
        }
        if (!to.IsHeld(Now)) Trace?.Line(Now, $"{from.Id}->{to.Id} {Describe(message)}");
        AtServer(to, to.Incarnation, (member, _, now) => member.OnMessage(from.Id, message, now));
    }

    /// <summary>The TCP connection between two servers broke: what was in flight is lost, both ends notice.</summary>
    private void BreakLink(SimServer a, SimServer b)
    {
        foreach (var direction in (ReadOnlySpan<(int, int)>)[(a.Index, b.Index), (b.Index, a.Index)])
        {
            var link = _links.GetValueOrDefault(direction);
            _links[direction] = (link.Generation + 1, link.LastAt);
        }
        var pair = (Math.Min(a.Index, b.Index), Math.Max(a.Index, b.Index));
        if (_breakNoticedAt.TryGetValue(pair, out var noticed) && Now - noticed < TickMs) return;
        _breakNoticedAt[pair] = Now;
        foreach (var (self, other) in (ReadOnlySpan<(SimServer, SimServer)>)[(a, b), (b, a)])
        {
            var incarnation = self.Incarnation;
            Schedule(Rng.Next(1, 3 * TickMs), () => AtServer(self, incarnation, (member, _, now) => member.OnPeerDisconnected(other.Id, now)));
        }
    }

    private int Delay() => Rng.Next(1, _delayMax + 1);

    private static string Describe(object message) => message is ZabMessage zab ? TraceFormat.Message(zab) : message.ToString()!;

    // ---- client connections ----

    public SimServer PickServer(SimServer? avoid)
    {
        var candidates = _servers.Where(s => s != avoid).ToList();
        return candidates.Count > 0 ? Rng.Pick(candidates) : _servers[0];
    }

    public SimConnection OpenConnection(SimClient client, SimServer server) => new(this, client, server, ++_connections);

    public void SendConnect(SimConnection connection, ConnectRequest request) => ToServer(connection, (_, core, now) =>
    {
        core.OnConnectionOpened(connection);
        connection.ServerZxidAtConnect = core.LastZxid;
        connection.ClientZxidAtConnect = request.LastZxidSeen;
        core.OnConnect(connection, request, now);
    });

    public void SendRequest(SimConnection connection, RequestHeader header, byte[] body) =>
        ToServer(connection, (_, core, now) => core.OnRequest(connection, header, body, now));

    private void ToServer(SimConnection connection, Action<ReplicaCore, ZkServerCore, ServerTime> input)
    {
        if (Arrival(connection, toServer: true) is not { } at) return;
        ScheduleAt(at, () =>
        {
            if (connection.Broken) return;
            var server = connection.Server;
            if (server.Incarnation != connection.ServerIncarnation || !server.IsUp)
            {
                BreakConnection(connection);
                return;
            }
            AtServer(server, connection.ServerIncarnation, input);
        });
    }

    /// <summary>The state machine sent something down a connection (called from inside the server).</summary>
    public void ToClient(SimConnection connection, ServerOutput output)
    {
        if (Arrival(connection, toServer: false) is not { } at) return;
        ScheduleAt(at, () => connection.Client.OnOutput(connection, output));
        if (output is CloseOutput)
        {
            // The server's network layer closes the socket once the close is sent, and tells the state machine.
            connection.Broken = true;
            CloseAtServer(connection, 0);
        }
    }

    /// <summary>When a message sent now on the connection arrives: after the last one sent that way (TCP keeps order); null when it is broken or cut.</summary>
    private long? Arrival(SimConnection connection, bool toServer)
    {
        if (connection.Broken) return null;
        if (IsCut(connection.Client, connection.Server))
        {
            BreakConnection(connection);
            return null;
        }
        var at = Math.Max(Now + Delay(), toServer ? connection.ToServerAt : connection.ToClientAt);
        if (toServer) connection.ToServerAt = at;
        else connection.ToClientAt = at;
        return at;
    }

    /// <summary>The client gave up on a connection (or died): the server sees the socket close a little later.</summary>
    public void Abandon(SimConnection connection)
    {
        if (connection.Broken) return;
        connection.Broken = true;
        CloseAtServer(connection, Rng.Next(1, 50));
    }

    private void BreakConnection(SimConnection connection)
    {
        if (connection.Broken) return;
        connection.Broken = true;
        Schedule(Rng.Next(1, 50), () => connection.Client.OnConnectionLost(connection));
        CloseAtServer(connection, Rng.Next(1, 50));
    }

    private void CloseAtServer(SimConnection connection, int delay) =>
        Schedule(delay, () => AtServer(connection.Server, connection.ServerIncarnation, (_, core, _) => core.OnConnectionClosed(connection)));

    private bool IsCut(SimClient client, SimServer server) =>
        _clientCuts.TryGetValue((client.Index, server.Index), out var until) && until > Now;

    private void ClientAct(SimClient client)
    {
        client.Act();
        if (!client.Vanished) Schedule(Rng.Next(1, 2 * Options.ClientThinkMs), () => ClientAct(client));
    }

    public void OnClientWriteAcked()
    {
        if (!Healed || ++_livenessAcked < LivenessWrites) return;
        foreach (var client in _clients) client.Quiet = true;
    }

    // ---- faults ----

    private void Chaos()
    {
        if (Healed) return;
        Schedule(TickMs, Chaos);
        var up = _servers.Where(s => s.IsUp).ToList();
        if (up.Count > 0 && Rng.Chance(Options.CrashPerTick))
        {
            var victim = Rng.Pick(up);
            Crash(victim, "chaos");
            up.Remove(victim);
        }
        if (up.Count > 0 && Rng.Chance(Options.PausePerTick))
        {
            var paused = Rng.Pick(up);
            // Never shortened: inputs deferred to the old wake-up time must not be overtaken by later ones.
            paused.PausedUntil = Math.Max(paused.PausedUntil, Now + Rng.Next(TickMs, 3 * Options.SyncLimitTicks * TickMs + 1));
            Trace?.Line(Now, $"{paused.Id} PAUSED until {paused.PausedUntil}ms");
        }
        switch (_partition.Step(Rng, Now, _servers.Length, Options.PartitionPerTick, () => Rng.Next(TickMs, Options.PartitionMaxMs + 1)))
        {
            case PartitionChange.Healed:
                Trace?.Line(Now, "partition healed");
                break;
            case PartitionChange.Started:
                Trace?.Line(Now, $"partition: blocked {_partition.Describe(i => _servers[i].Id.ToString())}");
                break;
        }
        if (Rng.Chance(Options.ClientCutPerTick))
        {
            var client = Rng.Next(_clients.Length);
            var server = Rng.Next(_servers.Length);
            _clientCuts[(client, server)] = Now + Rng.Next(100, 3_000);
            Trace?.Line(Now, $"client {client} cut off from {_servers[server].Id}");
        }
        foreach (var server in _servers)
        {
            if (server.Member is { } member && server.Core is { } core && !server.IsHeld(Now)
                && core.LastZxid > server.Disk.Snapshot.Zxid && Rng.Chance(Options.SnapshotPerTick))
            {
                server.Disk.WriteSnapshot(member.TakeSnapshot());
                member.OnSnapshotWritten(core.LastZxid);
                _stats.Snapshots++;
                Trace?.Line(Now, $"{server.Id} writes a snapshot at {Zxid.Format(core.LastZxid)}");
            }
        }
    }

    /// <summary>Faults stop: the network heals and becomes reliable, disks get fast, every server comes back.</summary>
    private void Heal()
    {
        Healed = true;
        _healedAt = Now;
        _partition.Clear();
        _clientCuts.Clear();
        _linkBreakRate = 0;
        _duplicateRate = 0;
        _slowMessageRate = 0;
        _delayMax = Math.Min(_delayMax, 5);
        foreach (var server in _servers)
        {
            // A pause in progress runs out on its own: inputs deferred to its end keep their order.
            server.DiskLatencyMaxMs = Math.Min(server.DiskLatencyMaxMs, 5);
            if (!server.IsUp) Start(server);
        }
        Trace?.Line(Now, "HEAL: no more faults; liveness phase");
    }

    private bool LivenessReached()
    {
        if (_livenessAcked < LivenessWrites) return false;
        foreach (var server in _servers)
        {
            if (server is not { IsServing: true, Member: { } member, Core: { } core }) return false;
            if (core.LastZxid != History.LastZxid || member.Peer.LastLoggedZxid != History.LastZxid) return false;
        }
        foreach (var client in _clients)
        {
            // A vanished client's session must be expired by the leader before the run may end.
            if (client.AbandonedSession is not 0 and var session && (History.IsOpenAt(session, History.LastZxid) || IsTracked(session))) return false;
        }
        // Every tracker holds exactly the committed open sessions: nothing is being created, no phantom is left.
        return !Invariants.UncommittedSessions().Any();
    }

    private bool IsTracked(long session) => _servers.Any(s => s.Core?.Sessions.Get(session) is not null);

    private string DescribeServers() => string.Join("; ", _servers.Select(s => s.Member is { } m
        ? $"{s.Id}: {m.Status} applied={Zxid.Format(s.Core!.LastZxid)} logged={Zxid.Format(m.Peer.LastLoggedZxid)} {m.Peer.HardState} looking-reason='{m.Peer.LastLookingReason}'"
        : $"{s.Id}: down")) + $"; committed up to {Zxid.Format(History.LastZxid)}, liveness writes acked {_livenessAcked}/{LivenessWrites}; " +
        $"uncommitted sessions tracked: [{string.Join(", ", Invariants.UncommittedSessions())}]";

    private void Schedule(long delay, Action action) => _events.Schedule(delay, action);

    private void ScheduleAt(long time, Action action) => _events.ScheduleAt(time, action);
}
