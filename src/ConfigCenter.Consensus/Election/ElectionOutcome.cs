namespace ConfigCenter.Consensus.Election;

/// <summary>The end of an election: the leader everyone agreed on, and what this peer becomes.</summary>
internal sealed record ElectionOutcome(Vote Vote, PeerRole Role);
