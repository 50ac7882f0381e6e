namespace ConfigCenter.Consensus;

/// <summary>The server states of ZooKeeper's QuorumPeer.</summary>
public enum PeerRole
{
    Looking,
    Following,
    Leading,
    Observing,
}
