namespace ConfigCenter.Server.Configuration;

/// <summary>What a server listed in a server.N line does in the ensemble (ZooKeeper's LearnerType).</summary>
public enum PeerRole
{
    /// <summary>Votes in leader election and in write quorums. The default when a server line names no role.</summary>
    Participant,

    /// <summary>Follows the leader and serves clients but never votes.</summary>
    Observer,
}
