using ConfigCenter.Consensus.Messages;

namespace ConfigCenter.Consensus.Election;

/// <summary>
/// Fast leader election (ZooKeeper's FastLeaderElection) as a state machine. A looking voter proposes
/// itself, adopts any better vote it hears in its round, and decides once a quorum of voters agrees
/// with it (after <see cref="ZabConfig.ElectionFinalizeTicks"/> without a better vote, or at once when
/// every voter agrees that the shell has not reported cut off). Peers that already follow or lead answer with their decided vote; a quorum
/// of such answers, with the leader itself saying it leads, lets a late or restarted peer join.
/// Observers never vote and are never voted for; they only learn the leader that way.
/// </summary>
internal sealed class FastLeaderElection
{
    private readonly PeerContext _ctx;
    // Votes of this round, by voter (from looking peers and from decided peers of the same round).
    private readonly Dictionary<PeerId, Vote> _received = [];
    private readonly Dictionary<PeerId, PeerRole> _receivedStates = [];
    // The decided votes of peers outside the election, with their round and state.
    private readonly Dictionary<PeerId, Notification> _outOfElection = [];
    private long _lastBroadcast;
    private long? _finalizeAt;

    public FastLeaderElection(PeerContext ctx) => _ctx = ctx;

    /// <summary>The logical clock: which election this is.</summary>
    public long Round { get; private set; }

    public bool Looking { get; private set; }

    /// <summary>While looking: the vote this peer proposes. Afterwards: the vote it decided on.</summary>
    public Vote Current { get; private set; } = Vote.Nobody;

    private PeerRole DecidedRole { get; set; } = PeerRole.Looking;

    public ElectionOutcome? Start()
    {
        Looking = true;
        DecidedRole = PeerRole.Looking;
        Round++;
        _received.Clear();
        _receivedStates.Clear();
        _outOfElection.Clear();
        _finalizeAt = null;
        Current = InitialVote();
        if (_ctx.IsVoter) Record(_ctx.Self, Current, PeerRole.Looking);
        Broadcast();
        return CheckQuorum();
    }

    public ElectionOutcome? Tick()
    {
        if (!Looking) return null;
        if (_finalizeAt is { } at && _ctx.Now >= at)
        {
            _finalizeAt = null;
            if (HasQuorumFor(Current, _received)) return Decide(Current);
        }
        if (_ctx.Now - _lastBroadcast >= _ctx.Config.ElectionResendTicks) Broadcast();
        return null;
    }

    public ElectionOutcome? OnNotification(PeerId from, Notification n)
    {
        if (!_ctx.Config.IsVoter(from))
        {
            // An observer asking who leads: tell it what we know.
            if (n.State == PeerRole.Looking) Reply(from);
            return null;
        }
        if (!Looking)
        {
            if (n.State == PeerRole.Looking) Reply(from);
            return null;
        }
        if (n.State == PeerRole.Looking)
        {
            // An observer has no vote to adopt or defend; answering would only echo back and forth.
            return _ctx.IsVoter ? OnLookingVote(from, n) : null;
        }
        return OnDecidedVote(from, n);
    }

    private ElectionOutcome? OnLookingVote(PeerId from, Notification n)
    {
        if (n.Round < Round)
        {
            // The sender is behind: our notification pulls it into this round.
            Reply(from);
            return null;
        }
        if (n.Round > Round)
        {
            Round = n.Round;
            _received.Clear();
            _receivedStates.Clear();
            _finalizeAt = null;
            Current = Better(n.Vote, InitialVote());
            if (_ctx.IsVoter) Record(_ctx.Self, Current, PeerRole.Looking);
            Broadcast();
        }
        else if (VoteOrder.IsBetter(n.Vote, Current, _ctx.Config.IsVoter))
        {
            Current = n.Vote;
            _finalizeAt = null;
            if (_ctx.IsVoter) Record(_ctx.Self, Current, PeerRole.Looking);
            Broadcast();
        }
        Record(from, n.Vote, n.State);
        return CheckQuorum();
    }

    private ElectionOutcome? OnDecidedVote(PeerId from, Notification n)
    {
        if (n.Round == Round)
        {
            Record(from, n.Vote, n.State);
            if (HasQuorumFor(n.Vote, _received) && LeaderConfirmed(n.Vote, _receivedStates, n.Round)) return Decide(n.Vote, n.Round);
        }
        // Peers outside the election agree when they name the same leader and the same leadership epoch,
        // whatever round or history they decided with (ZooKeeper's Vote.equals for non-looking votes).
        _outOfElection[from] = n;
        var agreeing = 0;
        foreach (var (voter, other) in _outOfElection)
        {
            if (SameLeadership(other.Vote, n.Vote) && _ctx.Config.IsVoter(voter)) agreeing++;
        }
        var leaderLeads = _outOfElection.TryGetValue(n.Vote.Leader, out var leader)
            && leader.State == PeerRole.Leading && SameLeadership(leader.Vote, n.Vote);
        if (agreeing >= _ctx.Config.QuorumSize && leaderLeads) return Decide(n.Vote, n.Round);
        return null;
    }

    private ElectionOutcome? CheckQuorum()
    {
        if (!HasQuorumFor(Current, _received))
        {
            _finalizeAt = null;
            return null;
        }
        // Every voter that can answer agrees: no better vote can come.
        if (_ctx.Config.Voters.All(v => _ctx.Unreachable.Contains(v) || (_received.TryGetValue(v, out var vote) && vote == Current))) return Decide(Current);
        _finalizeAt ??= _ctx.Now + _ctx.Config.ElectionFinalizeTicks;
        return null;
    }

    /// <summary>A voter was cut off: it no longer holds up a decision it was waited for.</summary>
    public ElectionOutcome? OnPeerUnreachable() => Looking ? CheckQuorum() : null;

    /// <summary>A vote for another peer is only followed once that peer says it leads (ZooKeeper's checkLeader).</summary>
    private bool LeaderConfirmed(Vote vote, Dictionary<PeerId, PeerRole> states, long round) =>
        vote.Leader == _ctx.Self
            ? round == Round
            : states.TryGetValue(vote.Leader, out var state) && state == PeerRole.Leading;

    /// <summary>
    /// The leadership this peer decided on now has its epoch: answer with it from now on, so that every
    /// member of one leadership reports the same (leader, epoch) to peers that look for it
    /// (ZooKeeper's updateElectionVote).
    /// </summary>
    public void OnLeadershipEpoch(long epoch)
    {
        if (!Looking) Current = Current with { Epoch = epoch };
    }

    private static bool SameLeadership(Vote a, Vote b) => a.Leader == b.Leader && a.Epoch == b.Epoch;

    private bool HasQuorumFor(Vote vote, Dictionary<PeerId, Vote> votes)
    {
        if (vote.IsNobody) return false;
        var agreeing = 0;
        foreach (var (voter, v) in votes)
        {
            if (v == vote && _ctx.Config.IsVoter(voter)) agreeing++;
        }
        return agreeing >= _ctx.Config.QuorumSize;
    }

    private ElectionOutcome Decide(Vote vote, long? round = null)
    {
        if (round is { } r) Round = r;
        Looking = false;
        _finalizeAt = null;
        Current = vote;
        DecidedRole = vote.Leader == _ctx.Self ? PeerRole.Leading : _ctx.IsVoter ? PeerRole.Following : PeerRole.Observing;
        return new ElectionOutcome(vote, DecidedRole);
    }

    private Vote InitialVote() =>
        _ctx.IsVoter ? new Vote(_ctx.Self, _ctx.Log.LastLogged, _ctx.Hard.CurrentEpoch) : Vote.Nobody;

    private Vote Better(Vote a, Vote b) => VoteOrder.IsBetter(a, b, _ctx.Config.IsVoter) ? a : b;

    private void Record(PeerId voter, Vote vote, PeerRole state)
    {
        _received[voter] = vote;
        _receivedStates[voter] = state;
    }

    private void Broadcast()
    {
        _lastBroadcast = _ctx.Now;
        var notification = Notify();
        foreach (var voter in _ctx.Config.Voters)
        {
            if (voter != _ctx.Self) _ctx.Send(voter, notification);
        }
    }

    private void Reply(PeerId to) => _ctx.Send(to, Notify());

    private Notification Notify() => new(Current, Round, Looking ? PeerRole.Looking : DecidedRole);
}
