using ConfigCenter.Consensus.Election;

namespace ConfigCenter.Consensus.Messages;

/// <summary>
/// Fast leader election: the sender's current vote, its election round (logical clock) and its state.
/// A peer that is not looking answers a looking peer with the vote it decided on, so late peers learn the leader.
/// </summary>
public sealed record Notification(Vote Vote, long Round, PeerRole State) : ZabMessage;
