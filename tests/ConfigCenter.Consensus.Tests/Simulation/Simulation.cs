using System.Buffers.Binary;
using ConfigCenter.Consensus.Messages;
using ConfigCenter.Consensus.Storage;

namespace ConfigCenter.Consensus.Tests.Simulation;

/// <summary>
/// A whole ensemble of <see cref="ZabPeer"/>s in one process, under a seeded scheduler (in the manner of
/// FoundationDB's simulation and TigerBeetle's VOPR). Every input a peer gets is an event of one
/// priority queue ordered by simulated time, so a seed replays exactly. This class is the peers' shell:
/// it honours the <see cref="Ready"/> contract, models the disk (durable part, writes in flight lost on a
/// crash, per-disk latency) and the network (delay, loss, duplication, reordering, partitions, one-way
/// included).
/// <para>
/// A run has two phases. Faults: crashes (also right before and after storing epoch changes and
/// truncations), restarts from the disk, partitions, lossy links, slow disks, log compaction, a client
/// proposing to whoever leads. Liveness: the network heals and every server restarts; a leader must be
/// elected, further proposals must commit, and every server must converge within a bounded time. The
/// <see cref="InvariantChecker"/> runs at every step of both.
/// </para>
/// </summary>
internal sealed class Simulation
{
    public const int TickUnits = 10;
    private const int LivenessProposals = 5;
    private const int LivenessBudgetTicks = 200;
    // A run that takes more steps than this has a runaway loop of events at one instant.
    private const long MaxSteps = 2_000_000;

    private enum EventKind
    {
        Tick,
        Deliver,
        DiskDone,
        Chaos,
        Client,
        Restart,
        Unreachable,
    }

    private readonly record struct SimEvent(EventKind Kind, int Host, int From, long Value, ZabMessage? Message);

    private readonly SimStats _stats = new();
    private readonly SimRandom _rng;
    private readonly SwarmOptions _options;
    private readonly SimHost[] _hosts;
    private readonly InvariantChecker _checker;
    private readonly SimTrace? _trace;
    private readonly EventQueue<SimEvent> _events = new(MaxSteps);
    private readonly NetworkPartition _partition = new();
    private bool _healed;
    private long _healedAt;
    private int _livenessAcked;
    private long _payloads;
    private double _lossRate;
    private double _duplicateRate;
    private double _slowMessageRate;
    private int _delayMax;

    public Simulation(ulong seed, SimTrace? trace = null)
    {
        _rng = new SimRandom(seed);
        _options = SwarmOptions.FromSeed(_rng);
        _trace = trace;
        var voters = Enumerable.Range(1, _options.Voters).Select(i => new PeerId(i)).ToList();
        var observers = Enumerable.Range(_options.Voters + 1, _options.Observers).Select(i => new PeerId(i)).ToList();
        _hosts = voters.Concat(observers).Select((id, index) =>
        {
            var config = new ZabConfig(id, voters, observers)
            {
                MaxBatchEntries = 64,
                MaxOutstandingProposals = 1000,
                InitLimitTicks = _options.InitLimitTicks,
                SyncLimitTicks = _options.SyncLimitTicks,
            };
            return new SimHost(index, id, index < voters.Count, config) { DiskLatencyMax = _options.DiskLatencyMax[index] };
        }).ToArray();
        _checker = new InvariantChecker(_hosts, voters.Count / 2 + 1);
        _lossRate = _options.LossRate;
        _duplicateRate = _options.DuplicateRate;
        _slowMessageRate = _options.SlowMessageRate;
        _delayMax = _options.DelayMax;
        _trace?.Raw($"seed {seed}: {_options}");
    }

    public SwarmOptions Options => _options;

    public SimStats Run()
    {
        foreach (var host in _hosts)
        {
            Start(host);
            Schedule(_rng.Next(1, TickUnits + 1), new SimEvent(EventKind.Tick, host.Index, 0, 0, null));
        }
        Schedule(TickUnits, new SimEvent(EventKind.Chaos, 0, 0, 0, null));
        Schedule(ClientInterval(), new SimEvent(EventKind.Client, 0, 0, 0, null));

        var faultsEnd = (long)_options.FaultTicks * TickUnits;
        while (_events.TryNext(out var ev))
        {
            Handle(ev);
            _checker.AfterStep();
            if (!_healed && Now >= faultsEnd) Heal();
            if (_healed && LivenessReached())
            {
                _checker.CheckConverged();
                _trace?.Line(Now, $"converged: {_checker.CommittedCount} committed entries, last {TraceFormat.Z(_checker.LastCommittedZxid)}");
                _stats.Steps = _events.Steps;
                _stats.Ticks = Now / TickUnits;
                _stats.Committed = _checker.CommittedCount;
                _stats.ClientAcked = _checker.ClientAcked.Count;
                _stats.EstablishedEpochs = _checker.EstablishedEpochs;
                _stats.TicksToConverge = (Now - _healedAt) / TickUnits;
                return _stats;
            }
            if (_healed && Now - _healedAt > LivenessBudgetTicks * TickUnits)
                throw new SimulationFailure($"liveness: no convergence within {LivenessBudgetTicks} ticks after the faults stopped; {DescribeHosts()}");
        }
        throw new SimulationFailure("the event queue ran dry");
    }

    private void Handle(SimEvent ev)
    {
        var host = _hosts[ev.Host];
        if (host.PausedUntil > Now && ev.Kind is EventKind.Deliver or EventKind.DiskDone)
        {
            // A frozen process reads its socket and its disk's completions only when it wakes up.
            ScheduleAt(host.PausedUntil + _rng.Next(0, 3), ev);
            return;
        }
        switch (ev.Kind)
        {
            case EventKind.Tick:
                Schedule(TickUnits, ev);
                if (host.Peer is { } ticking && host.PausedUntil <= Now)
                {
                    ticking.Tick();
                    Drain(host);
                }
                break;
            case EventKind.Deliver:
                Deliver(_hosts[ev.From], host, ev.Message!);
                break;
            case EventKind.DiskDone:
                if (host.Peer is { } peer && host.Incarnation == ev.From && host.Storage.Complete(ev.Value))
                {
                    _trace?.Line(Now, $"{host.Id} disk: durable up to {TraceFormat.Z(host.Storage.LastDurableZxid)}");
                    peer.PersistDone(host.Storage.LastDurableZxid);
                    Drain(host);
                }
                break;
            case EventKind.Chaos:
                Chaos();
                break;
            case EventKind.Client:
                Client();
                break;
            case EventKind.Restart:
                if (!host.IsUp) Start(host);
                break;
            case EventKind.Unreachable:
                if (host.Peer is { } hinted && host.PausedUntil <= Now)
                {
                    _trace?.Line(Now, $"{host.Id} hint: connection to {_hosts[ev.From].Id} broke");
                    hinted.PeerUnreachable(_hosts[ev.From].Id);
                    Drain(host);
                }
                break;
        }
    }

    private void Deliver(SimHost from, SimHost to, ZabMessage message)
    {
        if (to.Peer is not { } peer || _partition.Blocks(from.Index, to.Index))
        {
            _trace?.Line(Now, $"{from.Id}->{to.Id} dropped at delivery {TraceFormat.Message(message)}");
            return;
        }
        _trace?.Line(Now, $"{from.Id}->{to.Id} {TraceFormat.Message(message)}");
        if (message is Messages.Sync sync) _stats.CountSync(sync);
        peer.Step(from.Id, message);
        Drain(to);
    }

    /// <summary>The shell: handle every Ready the peer has, in order, as the contract says.</summary>
    private void Drain(SimHost host)
    {
        while (host.Peer is { HasReady: true } peer)
        {
            var ready = peer.TakeReady();
            _trace?.Line(Now, $"{host.Id} ready: {TraceFormat.Ready(ready)}");
            HandleReady(host, ready);
        }
    }

    private void HandleReady(SimHost host, Ready ready)
    {
        var syncState = ready.SnapshotToInstall is not null || ready.TruncateAfterZxid is not null || ready.HardState is not null;
        if (syncState && !_healed && _rng.Chance(_options.SyncCrashRate))
        {
            _stats.SyncCrashes++;
            Crash(host, "before storing a Ready that changes epochs or the log's history");
            return;
        }
        var writeId = SimShell.Store(host, ready, _checker, Now + _rng.Next(host.DiskLatencyMin, host.DiskLatencyMax + 1), _stats);
        if (writeId != 0) ScheduleAt(host.Storage.CompletionOf(writeId), new SimEvent(EventKind.DiskDone, host.Index, host.Incarnation, writeId, null));
        if (syncState && !_healed && _rng.Chance(_options.SyncCrashRate))
        {
            _stats.SyncCrashes++;
            Crash(host, "after storing a Ready that changes epochs or the log's history, before sending");
            return;
        }
        foreach (var outbound in ready.Messages) Send(host, outbound);
        var answered = SimShell.Apply(host, ready, _checker);
        if (_healed) _livenessAcked += answered;
    }

    private void Send(SimHost from, OutboundMessage outbound)
    {
        var to = _hosts[(int)outbound.To.Value - 1];
        if (_partition.Blocks(from.Index, to.Index) || _rng.Chance(_lossRate))
        {
            _trace?.Line(Now, $"{from.Id}->{to.Id} lost {TraceFormat.Message(outbound.Message)}");
            return;
        }
        Schedule(Delay(), new SimEvent(EventKind.Deliver, to.Index, from.Index, 0, outbound.Message));
        if (_rng.Chance(_duplicateRate)) Schedule(Delay(), new SimEvent(EventKind.Deliver, to.Index, from.Index, 0, outbound.Message));
    }

    private int Delay()
    {
        var delay = _rng.Next(_options.DelayMin, _delayMax + 1);
        return _rng.Chance(_slowMessageRate) ? delay + _rng.Next(TickUnits * 4) : delay;
    }

    private void Start(SimHost host)
    {
        host.Incarnation++;
        var storage = host.Storage;
        var machine = SimStateMachine.FromSnapshot(storage.ReadSnapshot());
        _checker.OnStateInstalled(host, null, machine, live: false);
        host.Machine = machine;
        host.LogLast = storage.LastDurableZxid;
        host.Peer = new ZabPeer(host.Config, new PersistentState(storage.Hard, storage.LastDurableZxid, storage.SnapshotZxid), storage, host.Incarnation);
        _trace?.Line(Now, $"{host.Id} starts (life {host.Incarnation}): {storage.Hard}, log up to {TraceFormat.Z(storage.LastDurableZxid)}, snapshot {TraceFormat.Z(storage.SnapshotZxid)}");
        Drain(host);
    }

    private void Crash(SimHost host, string reason)
    {
        _trace?.Line(Now, $"{host.Id} CRASH ({reason}); durable log up to {TraceFormat.Z(host.Storage.LastDurableZxid)}");
        _stats.Crashes++;
        host.Peer = null;
        host.Machine = null;
        host.Storage.Crash();
        host.ClientPending.Clear();
        foreach (var other in _hosts.Where(h => h != host && h.IsUp)) MaybeHint(other, host);
        var downtime = _healed ? 0 : _rng.Next(1, _options.DowntimeMaxTicks + 1) * TickUnits;
        Schedule(Math.Max(1, downtime), new SimEvent(EventKind.Restart, host.Index, 0, 0, null));
    }

    private void Chaos()
    {
        if (_healed) return;
        Schedule(TickUnits, new SimEvent(EventKind.Chaos, 0, 0, 0, null));
        var up = _hosts.Where(h => h.IsUp).ToList();
        if (up.Count > 0 && _rng.Chance(_options.CrashPerTick)) Crash(_rng.Pick(up), "chaos");
        if (_hosts.Length > 1 && _rng.Chance(_options.FalseHintPerTick))
        {
            var told = _rng.Pick(_hosts);
            var about = _rng.Pick(_hosts.Where(h => h != told).ToList());
            Schedule(Delay(), new SimEvent(EventKind.Unreachable, told.Index, about.Index, 0, null));
        }
        if (up.Count > 0 && _rng.Chance(_options.PausePerTick))
        {
            var paused = _rng.Pick(up);
            paused.PausedUntil = Now + _rng.Next(1, 3 * _options.SyncLimitTicks + 1) * TickUnits;
            _trace?.Line(Now, $"{paused.Id} PAUSED until t={paused.PausedUntil / TickUnits}");
        }
        switch (_partition.Step(_rng, Now, _hosts.Length, _options.PartitionPerTick, () => _rng.Next(1, _options.PartitionMaxTicks + 1) * TickUnits))
        {
            case PartitionChange.Healed:
                _trace?.Line(Now, "partition healed");
                break;
            case PartitionChange.Started:
                _trace?.Line(Now, $"partition: blocked {_partition.Describe(i => _hosts[i].Id.ToString())}");
                // A cut link shows as a broken connection at the end that would have received from it.
                foreach (var (from, to) in _partition.Links.ToList()) MaybeHint(_hosts[to], _hosts[from]);
                break;
        }
        foreach (var host in _hosts)
        {
            if (host.Machine is { } machine && _rng.Chance(_options.CompactPerTick) && machine.AppliedZxid > host.Storage.SnapshotZxid)
            {
                host.Storage.Compact(machine.ToSnapshot());
                _stats.Compactions++;
                _trace?.Line(Now, $"{host.Id} compacts its log into a snapshot at {TraceFormat.Z(machine.AppliedZxid)}");
            }
        }
    }

    /// <summary>The shell of <paramref name="told"/> may notice that its connection to <paramref name="about"/> broke.</summary>
    private void MaybeHint(SimHost told, SimHost about)
    {
        if (_rng.Chance(_options.HintRate)) Schedule(Delay(), new SimEvent(EventKind.Unreachable, told.Index, about.Index, 0, null));
    }

    private void Client()
    {
        if (_healed && _livenessAcked >= LivenessProposals) return;
        Schedule(ClientInterval(), new SimEvent(EventKind.Client, 0, 0, 0, null));
        foreach (var host in _hosts)
        {
            if (host.Peer is not { Status: { Role: PeerRole.Leading, Serving: true } } peer) continue;
            var payload = NextPayload();
            var result = peer.Propose(payload);
            _trace?.Line(Now, $"client proposes at {host.Id}: {result.Status} {TraceFormat.Z(result.Zxid)}");
            if (result.Status == ProposeStatus.Accepted) host.ClientPending[result.Zxid] = payload;
            Drain(host);
        }
    }

    private int ClientInterval() => Math.Max(1, (int)(TickUnits / _options.ProposalsPerTick));

    private byte[] NextPayload()
    {
        var payload = new byte[8 + _rng.Next(0, 24)];
        BinaryPrimitives.WriteInt64LittleEndian(payload, ++_payloads);
        for (var i = 8; i < payload.Length; i++) payload[i] = (byte)_rng.Next(256);
        return payload;
    }

    /// <summary>Faults stop: the network heals and becomes reliable, disks get fast, every server comes back.</summary>
    private void Heal()
    {
        _healed = true;
        _healedAt = Now;
        _partition.Clear();
        _lossRate = 0;
        _duplicateRate = 0;
        _slowMessageRate = 0;
        _delayMax = Math.Min(_delayMax, 3);
        foreach (var host in _hosts)
        {
            host.PausedUntil = 0;
            host.DiskLatencyMax = Math.Min(host.DiskLatencyMax, 5);
            if (!host.IsUp) Start(host);
        }
        _trace?.Line(Now, "HEAL: no more faults; liveness phase");
    }

    private bool LivenessReached()
    {
        if (_livenessAcked < LivenessProposals) return false;
        foreach (var host in _hosts)
        {
            if (host.Peer is not { Status.Serving: true } || host.Machine!.AppliedZxid != _checker.LastCommittedZxid) return false;
        }
        return true;
    }

    private string DescribeHosts() => string.Join("; ", _hosts.Select(h => h.Peer is { } p
        ? $"{h.Id}: {p.Status} applied={TraceFormat.Z(p.AppliedZxid)} logged={TraceFormat.Z(p.LastLoggedZxid)} {p.HardState} last-looking-reason='{p.LastLookingReason}'"
        : $"{h.Id}: down")) + $"; committed up to {TraceFormat.Z(_checker.LastCommittedZxid)}, liveness proposals acked {_livenessAcked}/{LivenessProposals}";

    private long Now => _events.Now;

    private void Schedule(long delay, SimEvent ev) => _events.Schedule(delay, ev);

    private void ScheduleAt(long time, SimEvent ev) => _events.ScheduleAt(time, ev);
}

