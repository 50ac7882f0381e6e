using ConfigCenter.Consensus.Discovery;
using ConfigCenter.Consensus.Messages;
using ConfigCenter.Consensus.Storage;

namespace ConfigCenter.Consensus.Roles;

/// <summary>
/// A follower or an observer of one leader, over one connection. Discovery: send FOLLOWERINFO, accept
/// (and persist) the leader's epoch, answer ACKEPOCH with our history. Synchronization: apply DIFF, TRUNC
/// or SNAP; acknowledge NEWLEADER only once the synced history is durable, and write currentEpoch just
/// before that acknowledgement, never before the history is on disk (ZOOKEEPER-3911, -4643, -4646).
/// Broadcast: log proposals in chain order, acknowledge what is durable, apply what is committed.
/// Anything unexpected (a gap in the stream, a silent leader, a sync that does not complete within
/// initLimit) ends the role: the peer looks for a leader again and resyncs, as ZooKeeper does when its
/// connection breaks.
/// </summary>
internal sealed class LearnerRole : IPeerRole
{
    private enum Stage
    {
        Connecting,
        AwaitingSync,
        Syncing,
        Synced,
        Serving,
    }

    private readonly PeerContext _ctx;
    private readonly PeerId _leader;
    private readonly bool _observer;
    private readonly PeerRole _role;
    private Stage _stage = Stage.Connecting;
    private long _connection;
    private long _epoch;
    private long _connectedAt;
    private long _lastHeard;
    private long _lastSent;
    private long _newLeaderZxid;
    private long _ackedUpTo;

    public LearnerRole(PeerContext ctx, PeerId leader)
    {
        _ctx = ctx;
        _leader = leader;
        _observer = !ctx.IsVoter;
        _role = _observer ? PeerRole.Observing : PeerRole.Following;
    }

    private PeerLog Log => _ctx.Log;

    public void Start()
    {
        _connection = _ctx.NewConnectionId();
        _connectedAt = _ctx.Now;
        _lastHeard = _ctx.Now;
        _ctx.SetStatus(new PeerStatus(_role, 0, _leader, false));
        SendFollowerInfo();
    }

    public void Tick()
    {
        if (_stage != Stage.Serving && _ctx.Now - _connectedAt > _ctx.Config.InitLimitTicks)
        {
            _ctx.RequestLooking("not synced with the leader within initLimit");
            return;
        }
        if (_stage == Stage.Serving && _ctx.Now - _lastHeard > _ctx.Config.SyncLimitTicks)
        {
            _ctx.RequestLooking("the leader was silent for syncLimit");
            return;
        }
        // The network may lose any message: repeat ours until the leader's answer shows it arrived.
        if (_ctx.Now - _lastSent < _ctx.Config.LearnerRetransmitTicks) return;
        if (_stage == Stage.Connecting) SendFollowerInfo();
        else if (_stage == Stage.AwaitingSync) SendAckEpoch();
        else if (_stage == Stage.Synced) SendAckNewLeader();
    }

    public void OnPeerUnreachable(PeerId peer)
    {
        // ZooKeeper's learners leave at once when the leader's socket closes; waiting for syncLimit of
        // silence would leave clients without a leader for seconds after a crash.
        if (peer == _leader) _ctx.RequestLooking($"the connection to leader {_leader} broke");
    }

    public void Step(PeerId from, ZabMessage message)
    {
        if (from != _leader || message is not SessionMessage sm || sm.Connection != _connection) return;
        if (message is NewEpoch newEpoch)
        {
            OnNewEpoch(newEpoch);
            return;
        }
        if (_stage == Stage.Connecting || sm.Epoch != _epoch) return;
        _lastHeard = _ctx.Now;
        switch (message)
        {
            case Messages.Sync sync:
                OnSync(sync);
                break;
            case Proposal proposal:
                OnProposal(proposal);
                break;
            case Commit commit:
                if (_stage >= Stage.Syncing) Log.AdvanceCommit(commit.Zxid);
                break;
            case Inform inform:
                OnInform(inform);
                break;
            case UpToDate upToDate:
                OnUpToDate(upToDate);
                break;
            case Ping ping:
                // A commit point only speaks for our log once it is the leader's prefix.
                if (_stage >= Stage.Syncing) Log.AdvanceCommit(ping.CommitZxid);
                _ctx.Send(_leader, new PingAck(
                    _epoch, _connection,
                    _stage >= Stage.Syncing ? Log.LastLogged : -1,
                    !_observer && _stage >= Stage.Synced ? _ackedUpTo : 0));
                break;
        }
    }

    public void OnPersisted()
    {
        TryFinishSync();
        SendAck();
    }

    private void SendFollowerInfo()
    {
        _lastSent = _ctx.Now;
        _ctx.Send(_leader, new FollowerInfo(_connection, _ctx.Hard.AcceptedEpoch, Log.LastLogged));
    }

    private void SendAckEpoch()
    {
        _lastSent = _ctx.Now;
        _ctx.Send(_leader, new AckEpoch(_epoch, _connection, _ctx.Hard.CurrentEpoch, Log.LastLogged));
    }

    private void OnNewEpoch(NewEpoch message)
    {
        _lastHeard = _ctx.Now;
        if (_stage == Stage.AwaitingSync && message.Epoch == _epoch)
        {
            SendAckEpoch();
            return;
        }
        if (_stage != Stage.Connecting) return;
        switch (EpochAcceptance.Decide(_ctx.Hard.AcceptedEpoch, _ctx.AcceptedEpochFrom, _leader, message))
        {
            case EpochDecision.Refuse:
                _ctx.RequestLooking($"leader {_leader} proposed epoch {message.Epoch}, but we accepted {_ctx.Hard.AcceptedEpoch}");
                return;
            case EpochDecision.Accept:
                // Written before ACKEPOCH leaves: the Ready contract makes hard state durable before messages.
                _ctx.SetAcceptedEpoch(message.Epoch);
                _ctx.AcceptedEpochFrom = _leader;
                break;
        }
        _epoch = message.Epoch;
        _stage = Stage.AwaitingSync;
        _ctx.LeadershipEpochKnown(_epoch);
        _ctx.SetStatus(new PeerStatus(_role, _epoch, _leader, false));
        SendAckEpoch();
    }

    private void OnSync(Messages.Sync sync)
    {
        if (_stage != Stage.AwaitingSync) return;
        switch (sync.Mode)
        {
            case SyncMode.Diff when sync.PrevZxid != Log.LastLogged:
                _ctx.RequestLooking("DIFF does not start at our last entry");
                return;
            case SyncMode.Trunc:
                Log.TruncateAfter(sync.TruncateTo);
                break;
            case SyncMode.Snap:
                Log.InstallSnapshot(sync.Snapshot ?? throw new ZabSafetyException("SNAP without a snapshot"));
                break;
        }
        if (!AppendChained(sync.PrevZxid, sync.Entries)) return;
        if (Log.LastLogged != sync.NewLeaderZxid)
        {
            _ctx.RequestLooking("the synced log does not end at NEWLEADER's zxid");
            return;
        }
        _newLeaderZxid = sync.NewLeaderZxid;
        Log.AdvanceCommit(sync.CommitZxid);
        _stage = Stage.Syncing;
        TryFinishSync();
    }

    private void TryFinishSync()
    {
        if (_stage != Stage.Syncing || Log.Persisted < _newLeaderZxid) return;
        if (_ctx.Hard.CurrentEpoch < _epoch) _ctx.SetCurrentEpoch(_epoch);
        _ackedUpTo = _newLeaderZxid;
        _stage = Stage.Synced;
        SendAckNewLeader();
    }

    private void SendAckNewLeader()
    {
        _lastSent = _ctx.Now;
        _ctx.Send(_leader, new AckNewLeader(_epoch, _connection, _newLeaderZxid));
    }

    private void SendAck()
    {
        if (_observer || _stage < Stage.Synced || Log.Persisted <= _ackedUpTo) return;
        _ackedUpTo = Log.Persisted;
        _ctx.Send(_leader, new Ack(_epoch, _connection, _ackedUpTo));
    }

    private void OnProposal(Proposal proposal)
    {
        if (_observer) return;
        if (_stage < Stage.Syncing)
        {
            _ctx.RequestLooking("a proposal arrived before the sync");
            return;
        }
        AppendChained(proposal.PrevZxid, proposal.Entries);
    }

    private void OnInform(Inform inform)
    {
        if (!_observer) return;
        if (_stage < Stage.Syncing)
        {
            _ctx.RequestLooking("an inform arrived before the sync");
            return;
        }
        if (AppendChained(inform.PrevZxid, inform.Entries) && inform.Entries.Count > 0) Log.AdvanceCommit(inform.Entries[^1].Zxid);
    }

    private void OnUpToDate(UpToDate upToDate)
    {
        if (_stage != Stage.Synced) return;
        _stage = Stage.Serving;
        Log.AdvanceCommit(upToDate.CommitZxid);
        _ctx.SetStatus(new PeerStatus(_role, _epoch, _leader, true));
    }

    /// <summary>
    /// Appends the entries that follow <paramref name="prevZxid"/>, skipping those already logged (a
    /// duplicated message). Anything that does not continue our log means a message was lost or reordered:
    /// give up the connection rather than log a hole.
    /// </summary>
    private bool AppendChained(long prevZxid, IReadOnlyList<LogEntry> entries)
    {
        var expectedPrev = prevZxid;
        foreach (var entry in entries)
        {
            if (entry.Zxid <= Log.LastLogged)
            {
                expectedPrev = entry.Zxid;
                continue;
            }
            if (expectedPrev != Log.LastLogged)
            {
                _ctx.RequestLooking($"the leader's stream skips from {Zxid.Format(Log.LastLogged)} to {Zxid.Format(entry.Zxid)}");
                return false;
            }
            Log.Append(entry);
            expectedPrev = entry.Zxid;
        }
        return true;
    }
}
