using ConfigCenter.Consensus.Messages;

namespace ConfigCenter.Consensus.Roles;

/// <summary>What a peer does once an election decided: lead, or learn (follow or observe).</summary>
internal interface IPeerRole
{
    void Start();

    void Tick();

    void Step(PeerId from, ZabMessage message);

    /// <summary>More of the log became durable.</summary>
    void OnPersisted();

    /// <summary>The shell's connection to <paramref name="peer"/> broke (a hint: the network may recover).</summary>
    void OnPeerUnreachable(PeerId peer);
}
