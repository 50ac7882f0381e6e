using ConfigCenter.Consensus.Storage;

namespace ConfigCenter.Consensus.Tests.Simulation;

/// <summary>
/// The safety properties the simulation checks as it goes, each at the moment it could first break:
/// <list type="bullet">
/// <item>one established leader per epoch, and serving learners follow that leader;</item>
/// <item>log matching: a zxid always names the same bytes and the same predecessor, in every log;</item>
/// <item>one committed history: every peer applies exactly the entries of one global sequence, in order,
/// without gaps, and a snapshot it installs is a point of that sequence at or after where it was;</item>
/// <item>commit means a quorum of voters holds the entry durably, and truncations and snapshot installs never
/// take that away;</item>
/// <item>applied state never runs ahead of the durable log;</item>
/// <item>every proposal the client was told is committed is part of the committed history.</item>
/// </list>
/// </summary>
internal sealed class InvariantChecker(IReadOnlyList<SimHost> hosts, int quorumSize)
{
    private readonly Dictionary<long, (long Prev, ulong Hash)> _logged = [];
    private readonly List<(long Zxid, ulong DataHash, ulong Cumulative)> _history = [];
    private readonly Dictionary<long, PeerId> _establishedLeaders = [];
    private readonly Dictionary<long, ulong> _clientAcked = [];

    public int CommittedCount => _history.Count;
    public long LastCommittedZxid => _history.Count > 0 ? _history[^1].Zxid : Zxid.None;
    public IReadOnlyDictionary<long, ulong> ClientAcked => _clientAcked;
    public int EstablishedEpochs => _establishedLeaders.Count;

    public void OnLogged(SimHost host, long prevZxid, LogEntry entry)
    {
        var hash = SimStateMachine.DataHash(entry.Data);
        if (!_logged.TryGetValue(entry.Zxid, out var known))
        {
            _logged[entry.Zxid] = (prevZxid, hash);
            return;
        }
        if (known.Hash != hash)
            throw new SimulationFailure($"log matching: peer {host.Id} logged {Zxid.Format(entry.Zxid)} with different bytes than another peer");
        if (known.Prev != prevZxid)
            throw new SimulationFailure($"log matching: peer {host.Id} logged {Zxid.Format(entry.Zxid)} after {Zxid.Format(prevZxid)}, elsewhere it follows {Zxid.Format(known.Prev)}");
    }

    /// <param name="countBefore">How many entries the peer's machine had applied before this one.</param>
    /// <param name="hashBefore">Its running hash before this one.</param>
    public void OnApplied(SimHost host, long countBefore, ulong hashBefore, LogEntry entry)
    {
        var dataHash = SimStateMachine.DataHash(entry.Data);
        var position = countBefore;
        if (position < _history.Count)
        {
            var expected = _history[(int)position];
            if (expected.Zxid != entry.Zxid || expected.DataHash != dataHash)
                throw new SimulationFailure($"peer {host.Id} applied {Zxid.Format(entry.Zxid)} as committed entry #{position + 1}, which is {Zxid.Format(expected.Zxid)}");
            return;
        }
        if (entry.Zxid <= LastCommittedZxid)
            throw new SimulationFailure($"peer {host.Id} applied {Zxid.Format(entry.Zxid)} after the committed history's last {Zxid.Format(LastCommittedZxid)}");
        var cumulative = SimStateMachine.Chain(hashBefore, entry.Zxid, dataHash);
        _history.Add((entry.Zxid, dataHash, cumulative));
        var holders = DurableVoterHolders(entry.Zxid);
        if (holders < quorumSize)
            throw new SimulationFailure($"{Zxid.Format(entry.Zxid)} was applied as committed but only {holders} voters hold it durably (quorum {quorumSize})");
    }

    public void OnStateInstalled(SimHost host, SimStateMachine? before, SimStateMachine installed, bool live)
    {
        if (installed.Count > 0)
        {
            if (installed.Count > _history.Count)
                throw new SimulationFailure($"peer {host.Id} installed a snapshot of {installed.Count} entries; only {_history.Count} are committed");
            var expected = _history[(int)installed.Count - 1];
            if (expected.Zxid != installed.AppliedZxid || expected.Cumulative != installed.Hash)
                throw new SimulationFailure($"peer {host.Id} installed a snapshot at {Zxid.Format(installed.AppliedZxid)} that is not a point of the committed history");
        }
        if (live && before is not null && installed.Count < before.Count)
            throw new SimulationFailure($"peer {host.Id} rolled its applied state back from {Zxid.Format(before.AppliedZxid)} to {Zxid.Format(installed.AppliedZxid)}");
    }

    /// <summary>After a truncation or snapshot install removed durable entries after <paramref name="keptUpTo"/>, up to <paramref name="previousLast"/>.</summary>
    public void OnDurableEntriesRemoved(SimHost host, long keptUpTo, long previousLast)
    {
        if (!host.IsVoter) return;
        var index = FirstHistoryIndexAfter(keptUpTo);
        for (; index < _history.Count && _history[index].Zxid <= previousLast; index++)
        {
            var holders = DurableVoterHolders(_history[index].Zxid);
            if (holders < quorumSize)
                throw new SimulationFailure($"peer {host.Id} removed committed {Zxid.Format(_history[index].Zxid)} from its log; only {holders} voters still hold it");
        }
    }

    public void OnTruncate(SimHost host, long zxid)
    {
        if (host.Machine is { } machine && zxid < machine.AppliedZxid)
            throw new SimulationFailure($"peer {host.Id} was told to truncate to {Zxid.Format(zxid)}, below its applied {Zxid.Format(machine.AppliedZxid)}");
    }

    public void OnStatus(SimHost host, PeerStatus status)
    {
        if (status is { Role: PeerRole.Leading, Serving: true })
        {
            if (_establishedLeaders.TryGetValue(status.Epoch, out var other) && other != host.Id)
                throw new SimulationFailure($"split brain: peers {other} and {host.Id} both established epoch {status.Epoch}");
            _establishedLeaders[status.Epoch] = host.Id;
        }
        if (status is { Role: PeerRole.Following or PeerRole.Observing, Serving: true, Leader: { } leader })
        {
            if (!_establishedLeaders.TryGetValue(status.Epoch, out var established) || established != leader)
                throw new SimulationFailure($"peer {host.Id} serves under {leader} in epoch {status.Epoch}, which that peer did not establish");
        }
    }

    public void OnClientAcked(long zxid, byte[] data)
    {
        var index = FirstHistoryIndexAfter(zxid - 1);
        if (index >= _history.Count || _history[index].Zxid != zxid || _history[index].DataHash != SimStateMachine.DataHash(data))
            throw new SimulationFailure($"the client was told {Zxid.Format(zxid)} committed, but the committed history does not hold it");
        _clientAcked[zxid] = SimStateMachine.DataHash(data);
    }

    /// <summary>Cheap checks after every step.</summary>
    public void AfterStep()
    {
        foreach (var host in hosts)
        {
            if (host.Peer is not { } peer || host.Machine is not { } machine) continue;
            if (machine.AppliedZxid > host.Storage.LastDurableZxid)
                throw new SimulationFailure($"peer {host.Id} applied {Zxid.Format(machine.AppliedZxid)} beyond its durable log {Zxid.Format(host.Storage.LastDurableZxid)}");
            if (peer.AppliedZxid != machine.AppliedZxid)
                throw new SimulationFailure($"peer {host.Id} handed out entries up to {Zxid.Format(peer.AppliedZxid)} but the machine is at {Zxid.Format(machine.AppliedZxid)}");
            if (peer.HardState.CurrentEpoch > peer.HardState.AcceptedEpoch || peer.HardState != host.Storage.Hard)
                throw new SimulationFailure($"peer {host.Id} hard state {peer.HardState} differs from its disk {host.Storage.Hard}");
        }
    }

    /// <summary>The end of a run: every acknowledged proposal is applied, identically, on every peer.</summary>
    public void CheckConverged()
    {
        foreach (var (zxid, dataHash) in _clientAcked)
        {
            var index = FirstHistoryIndexAfter(zxid - 1);
            if (index >= _history.Count || _history[index].Zxid != zxid || _history[index].DataHash != dataHash)
                throw new SimulationFailure($"the client was told {Zxid.Format(zxid)} committed; it is no longer in the committed history");
        }
        foreach (var host in hosts)
        {
            var machine = host.Machine ?? throw new SimulationFailure($"peer {host.Id} is down at the end");
            if (machine.Count != _history.Count || machine.AppliedZxid != LastCommittedZxid || (_history.Count > 0 && machine.Hash != _history[^1].Cumulative))
                throw new SimulationFailure($"peer {host.Id} ended at {Zxid.Format(machine.AppliedZxid)} ({machine.Count} entries), the committed history at {Zxid.Format(LastCommittedZxid)} ({_history.Count})");
        }
    }

    private int DurableVoterHolders(long zxid)
    {
        var holders = 0;
        foreach (var host in hosts)
        {
            if (host.IsVoter && host.Storage.DurablyHolds(zxid)) holders++;
        }
        return holders;
    }

    private int FirstHistoryIndexAfter(long zxid)
    {
        int lo = 0, hi = _history.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_history[mid].Zxid <= zxid) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
