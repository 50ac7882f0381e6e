using ConfigCenter.Consensus;

namespace ConfigCenter.Server.Quorum;

/// <summary>Where an ensemble member's messages to its peers go: Zab's and the server's own (forwarded requests, session touches).</summary>
internal interface IReplicaNetwork
{
    void Send(PeerId to, object message);
}
