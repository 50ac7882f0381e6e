using ConfigCenter.Consensus.Election;
using ConfigCenter.Consensus.Messages;
using ConfigCenter.Consensus.Roles;
using ConfigCenter.Consensus.Storage;

namespace ConfigCenter.Consensus;

/// <summary>
/// One Zab server as a deterministic state machine: fast leader election, discovery, synchronization
/// and broadcast, with no socket, thread, timer, clock or randomness inside. The shell feeds it inputs
/// (<see cref="Tick"/>, <see cref="Step"/>, <see cref="Propose"/>, <see cref="PersistDone"/>), from one
/// thread, and after each input drains <see cref="TakeReady"/> and handles it as <see cref="Ready"/>
/// describes. The same persistent state and the same inputs always produce the same outputs.
/// </summary>
public sealed class ZabPeer
{
    // A role that gives up starts an election, which may decide at once (a single voter) into a role
    // that may give up at once again; bound that chain so one input never loops.
    private const int MaxRoleChangesPerInput = 4;
    private readonly PeerContext _ctx;
    private readonly IZabLogReader _store;
    private readonly FastLeaderElection _election;
    private IPeerRole? _role;
    // FOLLOWERINFOs that reached this peer while it was still looking: a learner that decided first need
    // not wait for its retransmit if this peer then decides to lead.
    private readonly Dictionary<PeerId, FollowerInfo> _earlyFollowerInfos = [];

    /// <param name="config">The ensemble and this peer's place in it.</param>
    /// <param name="state">What the shell recovered from its durable store.</param>
    /// <param name="store">Read access to that store (for DIFF, SNAP and committed entries).</param>
    /// <param name="incarnation">
    /// A number that grows with every life of this process (a boot counter kept next to the hard state):
    /// the high half of the connection ids it opens, so they keep growing across restarts and a leader can
    /// tell a delayed message of an earlier connection from the current one.
    /// </param>
    public ZabPeer(ZabConfig config, PersistentState state, IZabLogReader store, long incarnation)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(store);
        if (state.HardState.CurrentEpoch > state.HardState.AcceptedEpoch)
            throw new ArgumentException("currentEpoch cannot exceed acceptedEpoch", nameof(state));
        _ctx = new PeerContext(config, state, store, incarnation);
        _store = store;
        _election = new FastLeaderElection(_ctx);
        _ctx.LeadershipEpochKnown = _election.OnLeadershipEpoch;
        _ctx.Out.Status(PeerStatus.Looking);
        BeginRole(_election.Start());
        Settle();
    }

    public PeerId Id => _ctx.Self;
    public PeerStatus Status => _ctx.Status;
    public HardState HardState => _ctx.Hard;

    /// <summary>Logical time: ticks since this peer started.</summary>
    public long Now => _ctx.Now;

    public long LastLoggedZxid => _ctx.Log.LastLogged;
    public long PersistedZxid => _ctx.Log.Persisted;
    public long CommittedZxid => _ctx.Log.Committed;
    public long AppliedZxid => _ctx.Log.Applied;

    /// <summary>The current election round (FastLeaderElection's logical clock).</summary>
    public long ElectionRound => _election.Round;

    /// <summary>The vote this peer proposes while looking, or the one it decided on.</summary>
    public Vote CurrentVote => _election.Current;

    /// <summary>Why this peer last went back to looking (for logs and traces).</summary>
    public string? LastLookingReason { get; private set; }

    public bool HasReady => _ctx.Out.HasReady;

    /// <summary>The outputs since the last call; the shell must handle them before the next input.</summary>
    public Ready TakeReady() => _ctx.Out.Take();

    /// <summary>One tickTime passed.</summary>
    public void Tick()
    {
        _ctx.Now++;
        if (_role is null) BeginRole(_election.Tick());
        else _role.Tick();
        Settle();
    }

    /// <summary>A message from another member arrived. Messages from non-members or from ourselves are ignored.</summary>
    public void Step(PeerId from, ZabMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (from == _ctx.Self || !_ctx.Config.IsMember(from)) return;
        _ctx.Unreachable.Remove(from);
        if (message is Notification notification) BeginRole(_election.OnNotification(from, notification));
        else if (_role is not null) _role.Step(from, message);
        else if (message is FollowerInfo info) _earlyFollowerInfos[from] = info;
        Settle();
    }

    /// <summary>
    /// Leader only: log <paramref name="txn"/> under the next zxid and send it to the followers. It is
    /// committed when it appears in <see cref="Ready.CommittedEntries"/>; if this peer stops leading first,
    /// its fate is unknown (a later leader may still commit it).
    /// </summary>
    public ProposeResult Propose(byte[] txn)
    {
        ArgumentNullException.ThrowIfNull(txn);
        var result = _role is LeaderRole leader ? leader.Propose(txn) : ProposeResult.NotLeader(_ctx.Status.Leader);
        Settle();
        return result;
    }

    /// <summary>
    /// The shell's connection to <paramref name="peer"/> broke. A learner whose leader it is looks for a
    /// leader again at once instead of after syncLimit of silence, and an election decides as soon as
    /// every voter not cut off agrees instead of waiting out its finalize time for them. The peer counts
    /// as reachable again once any message from it arrives. Safety never depends on this hint.
    /// </summary>
    public void PeerUnreachable(PeerId peer)
    {
        if (peer == _ctx.Self || !_ctx.Config.IsMember(peer)) return;
        _ctx.Unreachable.Add(peer);
        if (_role is null) BeginRole(_election.OnPeerUnreachable());
        else _role.OnPeerUnreachable(peer);
        Settle();
    }

    /// <summary>Leader with an established epoch: the zxid <see cref="Propose"/> will give the next entry; otherwise null.</summary>
    public long? NextProposalZxid => (_role as LeaderRole)?.NextProposalZxid;

    /// <summary>Leader: its learners by stage (for srvr and mntr); null when not leading.</summary>
    public LeaderView? Leader => (_role as LeaderRole)?.View;

    /// <summary>The shell made every entry up to <paramref name="zxid"/> durable (see <see cref="Ready"/>).</summary>
    public void PersistDone(long zxid)
    {
        _ctx.Log.MarkPersisted(zxid);
        _role?.OnPersisted();
        Settle();
    }

    private void BeginRole(ElectionOutcome? outcome)
    {
        if (outcome is null) return;
        _role = outcome.Role == PeerRole.Leading ? new LeaderRole(_ctx, _store) : new LearnerRole(_ctx, outcome.Vote.Leader);
        _role.Start();
        if (_role is LeaderRole)
        {
            foreach (var (from, info) in _earlyFollowerInfos) _role.Step(from, info);
        }
        _earlyFollowerInfos.Clear();
    }

    private void Settle()
    {
        for (var i = 0; i < MaxRoleChangesPerInput && _ctx.LookingRequested is { } reason; i++)
        {
            _ctx.ClearLookingRequest();
            LastLookingReason = reason;
            _role = null;
            _ctx.Log.ForgetCommitBeyondLog();
            _ctx.SetStatus(PeerStatus.Looking);
            _earlyFollowerInfos.Clear();
            BeginRole(_election.Start());
        }
        _ctx.Log.ApplyCommitted();
    }
}
