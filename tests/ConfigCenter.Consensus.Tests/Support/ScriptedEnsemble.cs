using ConfigCenter.Consensus.Messages;
using ConfigCenter.Consensus.Storage;
using ConfigCenter.Consensus.Tests.Simulation;

namespace ConfigCenter.Consensus.Tests.Support;

/// <summary>
/// An ensemble driven step by step by a test: messages wait in one FIFO queue until delivered, links can
/// be cut, disks complete writes only when told (or at once with <see cref="AutoPersist"/>), peers crash and
/// restart from their disks. The same <see cref="InvariantChecker"/> as the simulator watches every step.
/// Peers are numbered from 1; voters first, then observers.
/// </summary>
internal sealed class ScriptedEnsemble
{
    private readonly SimHost[] _hosts;
    private readonly List<(SimHost From, SimHost To, ZabMessage Message)> _inFlight = [];
    private readonly HashSet<(long From, long To)> _blocked = [];

    public ScriptedEnsemble(int voters, int observers = 0, Func<ZabConfig, ZabConfig>? configure = null)
    {
        var voterIds = Enumerable.Range(1, voters).Select(i => new PeerId(i)).ToList();
        var observerIds = Enumerable.Range(voters + 1, observers).Select(i => new PeerId(i)).ToList();
        _hosts = voterIds.Concat(observerIds).Select((id, index) =>
        {
            var config = new ZabConfig(id, voterIds, observerIds);
            return new SimHost(index, id, index < voters, configure?.Invoke(config) ?? config);
        }).ToArray();
        Checker = new InvariantChecker(_hosts, voters / 2 + 1);
    }

    public InvariantChecker Checker { get; }

    /// <summary>When true, every write completes as soon as the shell queues it (except on <see cref="SlowDisks"/>).</summary>
    public bool AutoPersist { get; set; } = true;

    /// <summary>Servers whose writes complete only when <see cref="Persist"/> is called.</summary>
    public HashSet<long> SlowDisks { get; } = [];

    /// <summary>Every message a peer sent, in order, for assertions.</summary>
    public List<(long From, long To, ZabMessage Message)> Sent { get; } = [];

    public SimHost this[long id] => _hosts[id - 1];

    public ZabPeer Peer(long id) => this[id].Peer ?? throw new InvalidOperationException($"peer {id} is down");

    public IEnumerable<SimHost> Hosts => _hosts;

    /// <summary>The bytes every test gives the entry at <paramref name="zxid"/>, so logs that share a zxid share its bytes.</summary>
    public static byte[] Payload(long zxid) => BitConverter.GetBytes(zxid);

    /// <summary>Puts a history on a server's disk before it starts.</summary>
    public void Preload(long id, long acceptedEpoch, long currentEpoch, params long[] zxids)
    {
        var host = this[id];
        host.Storage.Hard = new HardState(acceptedEpoch, currentEpoch);
        var prev = host.Storage.LastDurableZxid;
        var entries = zxids.Select(z => new LogEntry(z, Payload(z))).ToList();
        foreach (var entry in entries)
        {
            Checker.OnLogged(host, prev, entry);
            prev = entry.Zxid;
        }
        host.Storage.Complete(host.Storage.Enqueue(entries, 0));
    }

    public void StartAll()
    {
        foreach (var host in _hosts) Start(host.Id.Value);
    }

    public void Start(long id)
    {
        var host = this[id];
        host.Incarnation++;
        host.Machine = SimStateMachine.FromSnapshot(host.Storage.ReadSnapshot());
        Checker.OnStateInstalled(host, null, host.Machine, live: false);
        host.LogLast = host.Storage.LastDurableZxid;
        host.Peer = new ZabPeer(host.Config, new PersistentState(host.Storage.Hard, host.Storage.LastDurableZxid, host.Storage.SnapshotZxid), host.Storage, host.Incarnation);
        Drain(host);
    }

    /// <summary>The server dies: writes in flight are lost, so are messages to it.</summary>
    public void Crash(long id)
    {
        var host = this[id];
        host.Peer = null;
        host.Machine = null;
        host.Storage.Crash();
        _inFlight.RemoveAll(m => m.To == host);
    }

    /// <summary>The server compacts its log into a snapshot of its applied state.</summary>
    public void Compact(long id)
    {
        var host = this[id];
        host.Storage.Compact(host.Machine!.ToSnapshot());
    }

    /// <summary>The shell of <paramref name="id"/> reports its connection to <paramref name="peer"/> broken.</summary>
    public void ReportUnreachable(long id, long peer)
    {
        Peer(id).PeerUnreachable(new PeerId(peer));
        Drain(this[id]);
    }

    /// <summary>Cuts one direction of one link.</summary>
    public void Block(long from, long to) => _blocked.Add((from, to));

    /// <summary>Messages waiting for delivery.</summary>
    public int InFlight => _inFlight.Count;

    /// <summary>Cuts the links between the two groups, both ways.</summary>
    public void Partition(long[] side, long[] otherSide)
    {
        foreach (var a in side)
        {
            foreach (var b in otherSide)
            {
                _blocked.Add((a, b));
                _blocked.Add((b, a));
            }
        }
    }

    /// <summary>Cuts every link of <paramref name="id"/>.</summary>
    public void Isolate(long id) => Partition([id], _hosts.Select(h => h.Id.Value).Where(v => v != id).ToArray());

    public void Heal() => _blocked.Clear();

    /// <summary>Completes every write in flight on that server's disk.</summary>
    public void Persist(long id)
    {
        var host = this[id];
        if (host.Peer is not { } peer || host.Storage.LastPendingWriteId == 0) return;
        host.Storage.Complete(host.Storage.LastPendingWriteId);
        peer.PersistDone(host.Storage.LastDurableZxid);
        Drain(host);
    }

    public ProposeResult Propose(long id, byte[] data) => ProposeMany(id, [data])[0];

    /// <summary>Proposes all of them before the shell takes the next Ready, as a busy server would.</summary>
    public List<ProposeResult> ProposeMany(long id, IEnumerable<byte[]> payloads)
    {
        var host = this[id];
        var results = new List<ProposeResult>();
        foreach (var data in payloads)
        {
            var result = Peer(id).Propose(data);
            if (result.Status == ProposeStatus.Accepted) host.ClientPending[result.Zxid] = data;
            results.Add(result);
        }
        Drain(host);
        return results;
    }

    /// <summary>Messages this returns true for are lost, in every delivery.</summary>
    public Func<long, long, ZabMessage, bool>? Drop { get; set; }

    /// <summary>Delivers queued messages in order (new ones included) until none is left or <paramref name="maxMessages"/> were delivered.</summary>
    public int DeliverAll(Func<long, long, ZabMessage, bool>? drop = null, int maxMessages = 100_000)
    {
        var delivered = 0;
        while (_inFlight.Count > 0 && delivered < maxMessages)
        {
            var (from, to, message) = _inFlight[0];
            _inFlight.RemoveAt(0);
            if (to.Peer is not { } peer || _blocked.Contains((from.Id.Value, to.Id.Value))) continue;
            if (drop?.Invoke(from.Id.Value, to.Id.Value, message) == true || Drop?.Invoke(from.Id.Value, to.Id.Value, message) == true) continue;
            peer.Step(from.Id, message);
            Drain(to);
            delivered++;
        }
        return delivered;
    }

    /// <summary>One tick on every running server, then deliver everything.</summary>
    public void Tick(int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            foreach (var host in _hosts)
            {
                if (host.Peer is not { } peer) continue;
                peer.Tick();
                Drain(host);
            }
            DeliverAll();
        }
    }

    /// <summary>Ticks until <paramref name="condition"/> holds; fails after <paramref name="maxTicks"/>.</summary>
    public void TickUntil(Func<bool> condition, int maxTicks = 200)
    {
        DeliverAll();
        for (var i = 0; i < maxTicks && !condition(); i++) Tick();
        if (!condition()) throw new InvalidOperationException($"condition not reached within {maxTicks} ticks: {Describe()}");
    }

    /// <summary>Every running server serves (a leader established, learners up to date).</summary>
    public bool AllServing() => _hosts.All(h => h.Peer is { Status.Serving: true });

    public bool ServingExcept(params long[] down) =>
        _hosts.Where(h => !down.Contains(h.Id.Value)).All(h => h.Peer is { Status.Serving: true });

    public long? ServingLeader() =>
        _hosts.FirstOrDefault(h => h.Peer is { Status: { Role: PeerRole.Leading, Serving: true } })?.Id.Value;

    /// <summary>The entries of a server's durable log (snapshot excluded).</summary>
    public IReadOnlyList<LogEntry> DurableLog(long id) => this[id].Storage.ReadAfter(this[id].Storage.SnapshotZxid, int.MaxValue);

    public string Describe() => string.Join("; ", _hosts.Select(h => h.Peer is { } p
        ? $"{h.Id}: {p.Status} logged={Zxid.Format(p.LastLoggedZxid)} applied={Zxid.Format(p.AppliedZxid)} {p.HardState} ({p.LastLookingReason})"
        : $"{h.Id}: down"));

    private void Drain(SimHost host)
    {
        while (host.Peer is { HasReady: true } peer) Handle(host, peer.TakeReady());
        Checker.AfterStep();
        if (AutoPersist && !SlowDisks.Contains(host.Id.Value) && host.IsUp && host.Storage.LastPendingWriteId != 0) Persist(host.Id.Value);
    }

    private void Handle(SimHost host, Ready ready)
    {
        SimShell.Store(host, ready, Checker, writeCompletesAt: 0);
        foreach (var outbound in ready.Messages)
        {
            Sent.Add((host.Id.Value, outbound.To.Value, outbound.Message));
            _inFlight.Add((host, this[outbound.To.Value], outbound.Message));
        }
        SimShell.Apply(host, ready, Checker);
    }
}
