using ConfigCenter.Consensus.Broadcast;
using ConfigCenter.Consensus.Discovery;
using ConfigCenter.Consensus.Messages;
using ConfigCenter.Consensus.Storage;
using ConfigCenter.Consensus.Sync;

namespace ConfigCenter.Consensus.Roles;

/// <summary>
/// The leader through Zab's three phases. Discovery: collect FOLLOWERINFO from a quorum, choose and
/// persist the new epoch, collect ACKEPOCH from a quorum whose histories are not ahead of ours.
/// Synchronization: bring each learner to our history (DIFF/TRUNC/SNAP + NEWLEADER); the epoch is
/// established once a quorum of voters, including us, holds that history durably with the new
/// currentEpoch. Broadcast: number proposals, forward them, commit each once a quorum of voters
/// acknowledged it, in zxid order; observers get committed entries as INFORM. Throughout, a leader
/// that cannot establish within initLimit, or stops hearing a quorum within syncLimit, steps down.
/// </summary>
internal sealed class LeaderRole : IPeerRole
{
    private enum Phase
    {
        Discovery,
        Synchronization,
        Broadcast,
    }

    private readonly PeerContext _ctx;
    private readonly IZabLogReader _store;
    private readonly EpochNegotiation _negotiation;
    private readonly Dictionary<PeerId, LearnerSession> _sessions = [];
    // Connection ids grow with every connection a learner opens (the incarnation is their high part).
    private readonly Dictionary<PeerId, long> _newestConnection = [];
    private readonly long _startedAt;
    private Phase _phase = Phase.Discovery;
    // The last entry of the history this epoch starts from (NEWLEADER's zxid).
    private long _newLeaderZxid;
    private bool _selfSynced;
    private long _counter;

    public LeaderRole(PeerContext ctx, IZabLogReader store)
    {
        _ctx = ctx;
        _store = store;
        _startedAt = ctx.Now;
        _negotiation = new EpochNegotiation(ctx.Config, ctx.Hard, ctx.Log.LastLogged);
    }

    private long Epoch => _negotiation.Epoch ?? 0;

    private PeerLog Log => _ctx.Log;

    public void Start()
    {
        _ctx.SetStatus(new PeerStatus(PeerRole.Leading, 0, _ctx.Self, false));
        if (_negotiation.Epoch is not null) OnEpochChosen();
    }

    public void Tick()
    {
        DropSilentSessions();
        if (_negotiation.Epoch is not null)
        {
            foreach (var session in _sessions.Values) _ctx.Send(session.Peer, new Ping(Epoch, session.Connection, Log.Committed));
        }
        if (_phase != Phase.Broadcast)
        {
            if (_ctx.Now - _startedAt > _ctx.Config.InitLimitTicks) _ctx.RequestLooking("no quorum established the epoch within initLimit");
            return;
        }
        var heard = 1 + _sessions.Values.Count(s => s.IsVoter && s.Stage == LearnerStage.Active && _ctx.Now - s.LastHeard <= _ctx.Config.SyncLimitTicks);
        if (heard < _ctx.Config.QuorumSize) _ctx.RequestLooking("lost the quorum of followers");
    }

    public void Step(PeerId from, ZabMessage message)
    {
        if (message is FollowerInfo info)
        {
            OnFollowerInfo(from, info);
            return;
        }
        if (message is not SessionMessage sm || sm.Epoch != Epoch || Epoch == 0) return;
        if (!_sessions.TryGetValue(from, out var session) || session.Connection != sm.Connection) return;
        session.LastHeard = _ctx.Now;
        switch (message)
        {
            case AckEpoch ack:
                OnAckEpoch(session, ack);
                break;
            case AckNewLeader ack:
                OnAckNewLeader(session, ack);
                break;
            case Ack ack:
                OnAck(session, ack);
                break;
            case PingAck pingAck:
                OnPingAck(session, pingAck);
                break;
        }
    }

    public void OnPersisted()
    {
        TrySelfSync();
        TryCommit();
    }

    // A broken connection is not proof the learner is gone; syncLimit of silence decides that.
    public void OnPeerUnreachable(PeerId peer)
    {
    }

    /// <summary>The zxid the next accepted proposal gets; null before the epoch is established.</summary>
    public long? NextProposalZxid => _phase == Phase.Broadcast ? Zxid.Make(Epoch, _counter + 1) : null;

    /// <summary>Learner connections by stage, for monitoring.</summary>
    public LeaderView View => new(
        _sessions.Count,
        _sessions.Values.Count(s => s.IsVoter && s.Stage == LearnerStage.Active),
        _sessions.Values.Count(s => !s.IsVoter && s.ReceivesStream),
        _sessions.Values.Count(s => s.Stage is LearnerStage.EpochAcked or LearnerStage.Synced && s.IsVoter));

    public ProposeResult Propose(byte[] data)
    {
        if (_phase != Phase.Broadcast) return ProposeResult.NotReady(_ctx.Self);
        var committedCounter = Zxid.EpochOf(Log.Committed) == Epoch ? Zxid.CounterOf(Log.Committed) : 0;
        if (_counter - committedCounter >= _ctx.Config.MaxOutstandingProposals) return ProposeResult.Busy(_ctx.Self);
        if (_counter >= Zxid.MaxCounter)
        {
            // ZooKeeper forces a new epoch when the counter would roll over (ZOOKEEPER-1277).
            _ctx.RequestLooking("the zxid counter of this epoch is exhausted");
            return ProposeResult.NotLeader(null);
        }
        var prev = Log.LastLogged;
        var entry = new LogEntry(Zxid.Make(Epoch, ++_counter), data);
        Log.Append(entry);
        foreach (var session in _sessions.Values)
        {
            if (!session.IsVoter || !session.ReceivesStream) continue;
            _ctx.Send(session.Peer, new Proposal(Epoch, session.Connection, prev, [entry]));
            session.SentUpTo = entry.Zxid;
        }
        return ProposeResult.Accepted(entry.Zxid, _ctx.Self);
    }

    private void OnFollowerInfo(PeerId from, FollowerInfo info)
    {
        if (_newestConnection.TryGetValue(from, out var newest) && info.Connection <= newest)
        {
            // The same connection: a retransmission, whose answer may have been lost. An older one, or one we
            // dropped: a delayed duplicate, which must not bring that connection back to life.
            if (info.Connection == newest && _sessions.TryGetValue(from, out var existing))
            {
                existing.LastHeard = _ctx.Now;
                if (existing.Stage == LearnerStage.EpochSent) SendNewEpoch(existing);
            }
            return;
        }
        _newestConnection[from] = info.Connection;
        var session = new LearnerSession(from, info.Connection, _ctx.Config.IsVoter(from), _ctx.Now) { LastZxid = info.LastZxid };
        _sessions[from] = session;
        if (_negotiation.Epoch is null)
        {
            if (_negotiation.OnFollowerInfo(from, info.AcceptedEpoch)) OnEpochChosen();
            return;
        }
        if (session.IsVoter && info.AcceptedEpoch > Epoch)
        {
            // It promised a newer epoch and will refuse ours; only a new election can bring it back.
            _ctx.RequestLooking($"voter {from} already accepted epoch {info.AcceptedEpoch}");
            return;
        }
        SendNewEpoch(session);
    }

    private void OnEpochChosen()
    {
        _ctx.SetAcceptedEpoch(Epoch);
        _ctx.AcceptedEpochFrom = _ctx.Self;
        _ctx.LeadershipEpochKnown(Epoch);
        _ctx.SetStatus(new PeerStatus(PeerRole.Leading, Epoch, _ctx.Self, false));
        foreach (var session in _sessions.Values) SendNewEpoch(session);
        if (_negotiation.AcknowledgedByQuorum) OnEpochAcknowledged();
    }

    private void SendNewEpoch(LearnerSession session)
    {
        session.Stage = LearnerStage.EpochSent;
        _ctx.Send(session.Peer, new NewEpoch(Epoch, session.Connection, _phase == Phase.Broadcast));
    }

    private void OnAckEpoch(LearnerSession session, AckEpoch ack)
    {
        if (session.Stage == LearnerStage.Synced)
        {
            // The learner is still waiting for its sync: the message was lost. Sync it again, to our current log.
            session.Stage = LearnerStage.EpochAcked;
            SyncIfReady(session);
            return;
        }
        if (session.Stage != LearnerStage.EpochSent) return;
        session.Stage = LearnerStage.EpochAcked;
        session.LastZxid = ack.LastZxid;
        if (_phase != Phase.Discovery)
        {
            SyncIfReady(session);
            return;
        }
        switch (_negotiation.OnAckEpoch(session.Peer, ack.CurrentEpoch, ack.LastZxid))
        {
            case EpochAckResult.FollowerAhead:
                _ctx.RequestLooking($"voter {session.Peer} has a more recent history than ours");
                break;
            case EpochAckResult.QuorumReached:
                OnEpochAcknowledged();
                break;
        }
    }

    private void OnEpochAcknowledged()
    {
        // Our history is now known to hold every committed entry; it is the history of this epoch.
        _phase = Phase.Synchronization;
        _newLeaderZxid = Log.LastLogged;
        foreach (var session in _sessions.Values) SyncIfReady(session);
        TrySelfSync();
    }

    private void SyncIfReady(LearnerSession session)
    {
        if (session.Stage != LearnerStage.EpochAcked) return;
        // Observers only ever hold committed entries, so they wait until the epoch is established.
        if (!session.IsVoter && _phase != Phase.Broadcast) return;
        var target = session.IsVoter ? Log.LastLogged : Log.Committed;
        var plan = SyncPlanner.Plan(session.LastZxid, target, Log, _store);
        _ctx.Send(session.Peer, new Messages.Sync(
            Epoch, session.Connection, plan.Mode, plan.PrevZxid, plan.TruncateTo, plan.Snapshot, plan.Entries,
            target, Math.Min(Log.Committed, target)));
        session.Stage = LearnerStage.Synced;
        session.SyncTarget = target;
        session.SentUpTo = target;
    }

    private void TrySelfSync()
    {
        if (_phase != Phase.Synchronization || _selfSynced || Log.Persisted < _newLeaderZxid) return;
        // currentEpoch is written only once the history it vouches for is durable (ZOOKEEPER-4643/4646).
        if (_ctx.Hard.CurrentEpoch < Epoch) _ctx.SetCurrentEpoch(Epoch);
        _selfSynced = true;
        TryCommit();
    }

    private void OnAckNewLeader(LearnerSession session, AckNewLeader ack)
    {
        // A learner synced twice on one connection (its ACKEPOCH was repeated while the first sync was on the
        // way) acknowledges whichever sync it applied; both leave its log a durable prefix of ours.
        if (ack.Zxid > session.SyncTarget) return;
        if (session.Stage == LearnerStage.Active)
        {
            // A repeat: our UPTODATE was lost (or is not due yet).
            if (_phase == Phase.Broadcast) _ctx.Send(session.Peer, new UpToDate(Epoch, session.Connection, Log.Committed));
            return;
        }
        if (session.Stage != LearnerStage.Synced) return;
        session.Stage = LearnerStage.Active;
        session.Acked = ack.Zxid;
        if (_phase == Phase.Broadcast) _ctx.Send(session.Peer, new UpToDate(Epoch, session.Connection, Log.Committed));
        TryCommit();
    }

    private void OnAck(LearnerSession session, Ack ack)
    {
        if (!session.IsVoter || session.Stage != LearnerStage.Active) return;
        session.Acked = Math.Max(session.Acked, Math.Min(ack.Zxid, Log.LastLogged));
        TryCommit();
    }

    private void OnPingAck(LearnerSession session, PingAck ping)
    {
        if (!session.ReceivesStream || ping.LastZxid < 0) return;
        if (session.IsVoter && session.Stage == LearnerStage.Active && ping.AckedZxid > session.Acked)
        {
            session.Acked = Math.Min(ping.AckedZxid, Log.LastLogged);
            TryCommit();
        }
        var stalled = ping.LastZxid < session.SentUpTo && ping.LastZxid == session.ReportedLast;
        session.ReportedLast = ping.LastZxid;
        if (stalled) Retransmit(session, ping.LastZxid);
    }

    /// <summary>The learner's log stopped short of what we sent for two pings: a proposal or inform was lost. Send the rest again.</summary>
    private void Retransmit(LearnerSession session, long learnerLast)
    {
        var entries = Log.ReadRange(learnerLast, session.SentUpTo, _ctx.Config.MaxBatchEntries);
        if (entries is null)
        {
            // Compacted away: drop the learner; it reconnects and gets a snapshot.
            _sessions.Remove(session.Peer);
            return;
        }
        if (entries.Count == 0) return;
        _ctx.Send(session.Peer, session.IsVoter
            ? new Proposal(Epoch, session.Connection, learnerLast, entries)
            : new Inform(Epoch, session.Connection, learnerLast, entries));
    }

    private void TryCommit()
    {
        if (_phase == Phase.Discovery || !_selfSynced) return;
        var acks = new List<long>(_sessions.Count + 1) { Log.Persisted };
        foreach (var session in _sessions.Values)
        {
            if (session.IsVoter && session.Stage == LearnerStage.Active) acks.Add(session.Acked);
        }
        if (CommitQuorum.HighestQuorumAcked(acks, _ctx.Config.QuorumSize) is not { } quorumAcked || quorumAcked < _newLeaderZxid) return;
        var establishing = _phase == Phase.Synchronization;
        var advanced = quorumAcked > Log.Committed;
        if (advanced) Log.AdvanceCommit(quorumAcked);
        if (establishing) Establish();
        if (advanced) BroadcastCommit();
    }

    private void Establish()
    {
        _phase = Phase.Broadcast;
        _ctx.SetStatus(new PeerStatus(PeerRole.Leading, Epoch, _ctx.Self, true));
        foreach (var session in _sessions.Values)
        {
            if (session.Stage == LearnerStage.Active) _ctx.Send(session.Peer, new UpToDate(Epoch, session.Connection, Log.Committed));
        }
        foreach (var session in _sessions.Values) SyncIfReady(session);
    }

    private void BroadcastCommit()
    {
        List<PeerId>? lost = null;
        foreach (var session in _sessions.Values)
        {
            if (!session.ReceivesStream) continue;
            if (session.IsVoter)
            {
                _ctx.Send(session.Peer, new Commit(Epoch, session.Connection, Log.Committed));
                continue;
            }
            if (session.SentUpTo >= Log.Committed) continue;
            var entries = Log.ReadRange(session.SentUpTo, Log.Committed, int.MaxValue);
            if (entries is null)
            {
                // Compacted away before the observer got it: drop it; it reconnects and gets a snapshot.
                (lost ??= []).Add(session.Peer);
                continue;
            }
            _ctx.Send(session.Peer, new Inform(Epoch, session.Connection, session.SentUpTo, entries));
            session.SentUpTo = Log.Committed;
        }
        lost?.ForEach(p => _sessions.Remove(p));
    }

    private void DropSilentSessions()
    {
        List<PeerId>? silent = null;
        foreach (var session in _sessions.Values)
        {
            if (_ctx.Now - session.LastHeard > _ctx.Config.InitLimitTicks) (silent ??= []).Add(session.Peer);
        }
        silent?.ForEach(p => _sessions.Remove(p));
    }
}
