namespace ConfigCenter.Consensus;

/// <summary>
/// The ensemble and the protocol's limits. Times are in ticks: the shell calls <see cref="ZabPeer.Tick"/>
/// once per tickTime, as ZooKeeper measures initLimit and syncLimit in ticks.
/// </summary>
public sealed record ZabConfig
{
    public ZabConfig(PeerId self, IReadOnlyList<PeerId> voters, IReadOnlyList<PeerId>? observers = null)
    {
        Self = self;
        Voters = voters;
        Observers = observers ?? [];
        Validate();
    }

    public PeerId Self { get; }

    /// <summary>The participants: they vote, may lead and make up quorums.</summary>
    public IReadOnlyList<PeerId> Voters { get; }

    /// <summary>Observers learn committed history but never vote, never lead and never count toward a quorum.</summary>
    public IReadOnlyList<PeerId> Observers { get; }

    /// <summary>Ticks a leader has to establish its epoch, and a learner to connect and sync (initLimit).</summary>
    public int InitLimitTicks { get; init; } = 10;

    /// <summary>Ticks of silence after which a learner gives up on its leader, and a leader on a follower (syncLimit).</summary>
    public int SyncLimitTicks { get; init; } = 5;

    /// <summary>Ticks between re-sends of this peer's vote while looking (lost notifications must not stall an election).</summary>
    public int ElectionResendTicks { get; init; } = 2;

    /// <summary>Ticks a peer waits, once a quorum agrees with it, for a better vote before deciding (ZooKeeper's finalizeWait).</summary>
    public int ElectionFinalizeTicks { get; init; } = 1;

    /// <summary>Ticks between re-sends of a learner's discovery messages while it waits for the leader.</summary>
    public int LearnerRetransmitTicks { get; init; } = 2;

    /// <summary>Proposals not yet committed a leader accepts before <see cref="ZabPeer.Propose"/> answers Busy.</summary>
    public int MaxOutstandingProposals { get; init; } = 10_000;

    /// <summary>The most entries one PROPOSAL or INFORM message carries.</summary>
    public int MaxBatchEntries { get; init; } = 1_000;

    public int QuorumSize => Voters.Count / 2 + 1;

    public bool IsVoter(PeerId peer) => Voters.Contains(peer);

    public bool IsObserver(PeerId peer) => Observers.Contains(peer);

    public bool IsMember(PeerId peer) => IsVoter(peer) || IsObserver(peer);

    private void Validate()
    {
        if (Voters.Count == 0) throw new ArgumentException("an ensemble needs at least one voter");
        var all = Voters.Concat(Observers).ToList();
        if (all.Distinct().Count() != all.Count) throw new ArgumentException("a peer is listed twice");
        if (!all.Contains(Self)) throw new ArgumentException($"peer {Self} is not a member of the ensemble");
    }
}
