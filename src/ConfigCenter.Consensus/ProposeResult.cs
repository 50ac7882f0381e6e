namespace ConfigCenter.Consensus;

public enum ProposeStatus
{
    /// <summary>Logged and sent to the followers under <see cref="ProposeResult.Zxid"/>; it is committed when it appears in <see cref="Ready.CommittedEntries"/>.</summary>
    Accepted,

    /// <summary>This peer does not lead; <see cref="ProposeResult.Leader"/> is the leader it knows of, if any.</summary>
    NotLeader,

    /// <summary>This peer leads but its epoch is not established yet.</summary>
    NotReady,

    /// <summary>Too many proposals are waiting for their quorum (<see cref="ZabConfig.MaxOutstandingProposals"/>).</summary>
    Busy,
}

/// <summary>The answer to <see cref="ZabPeer.Propose"/>.</summary>
public readonly record struct ProposeResult(ProposeStatus Status, long Zxid, PeerId? Leader)
{
    public static ProposeResult Accepted(long zxid, PeerId self) => new(ProposeStatus.Accepted, zxid, self);

    public static ProposeResult NotLeader(PeerId? leader) => new(ProposeStatus.NotLeader, 0, leader);

    public static ProposeResult NotReady(PeerId self) => new(ProposeStatus.NotReady, 0, self);

    public static ProposeResult Busy(PeerId self) => new(ProposeStatus.Busy, 0, self);
}
