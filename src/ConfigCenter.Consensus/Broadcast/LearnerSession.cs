namespace ConfigCenter.Consensus.Broadcast;

internal enum LearnerStage
{
    /// <summary>FOLLOWERINFO received; the epoch is not chosen yet.</summary>
    Registered,

    /// <summary>NEWEPOCH sent, waiting for ACKEPOCH.</summary>
    EpochSent,

    /// <summary>ACKEPOCH received, waiting until the learner may be synced.</summary>
    EpochAcked,

    /// <summary>DIFF/TRUNC/SNAP and NEWLEADER sent; proposals are forwarded from here on.</summary>
    Synced,

    /// <summary>NEWLEADER acknowledged: its acknowledgements count.</summary>
    Active,
}

/// <summary>The leader's view of one learner connection (ZooKeeper's LearnerHandler, minus the thread).</summary>
internal sealed class LearnerSession(PeerId peer, long connection, bool isVoter, long now)
{
    public PeerId Peer { get; } = peer;
    public long Connection { get; } = connection;
    public bool IsVoter { get; } = isVoter;
    public LearnerStage Stage { get; set; } = LearnerStage.Registered;

    /// <summary>The learner's last zxid as it reported it (FOLLOWERINFO, then ACKEPOCH).</summary>
    public long LastZxid { get; set; }

    public long LastHeard { get; set; } = now;

    /// <summary>Every entry up to here is durable on the learner (NEWLEADER's ACK, then proposal ACKs).</summary>
    public long Acked { get; set; }

    /// <summary>Where the (latest) sync left the learner's log; NEWLEADER's ACK names it or an earlier sync's.</summary>
    public long SyncTarget { get; set; }

    /// <summary>The last entry sent to the learner: the sync target, then the last proposal or inform.</summary>
    public long SentUpTo { get; set; }

    /// <summary>The learner's last zxid in its previous PingAck; no progress between two pings means a lost message.</summary>
    public long ReportedLast { get; set; } = -1;

    public bool ReceivesStream => Stage is LearnerStage.Synced or LearnerStage.Active;
}
