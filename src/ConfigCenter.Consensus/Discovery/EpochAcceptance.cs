using ConfigCenter.Consensus.Messages;

namespace ConfigCenter.Consensus.Discovery;

internal enum EpochDecision
{
    /// <summary>A newer epoch: persist it as accepted, then acknowledge.</summary>
    Accept,

    /// <summary>The epoch already accepted, from a leader that may have it: acknowledge again.</summary>
    Reacknowledge,

    /// <summary>Acknowledging would break a promise: give up on this leader.</summary>
    Refuse,
}

/// <summary>
/// The learner's side of discovery. Accepting an epoch promises the leader that proposed it to ignore
/// older epochs; each epoch is acknowledged for one leader only, so two prospective leaders that picked the
/// same number cannot both gather a quorum. A restarted peer does not remember whom it acknowledged, so it
/// refuses its accepted epoch to everyone, unless that leader is already established (then the
/// acknowledgement counts toward nothing).
/// </summary>
internal static class EpochAcceptance
{
    public static EpochDecision Decide(long acceptedEpoch, PeerId? acceptedFrom, PeerId leader, NewEpoch message)
    {
        if (message.Epoch > acceptedEpoch) return EpochDecision.Accept;
        if (message.Epoch == acceptedEpoch && (acceptedFrom == leader || message.LeaderEstablished)) return EpochDecision.Reacknowledge;
        return EpochDecision.Refuse;
    }
}
