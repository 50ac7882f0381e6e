namespace ConfigCenter.Consensus.Election;

/// <summary>
/// The total order of fast leader election (FastLeaderElection.totalOrderPredicate): the newer
/// currentEpoch wins, then the longer history (zxid), then the larger server id. Electing the maximum
/// of a quorum is what lets the leader's history contain every committed entry.
/// </summary>
public static class VoteOrder
{
    /// <summary>Whether <paramref name="candidate"/> beats <paramref name="current"/>; a vote for a non-voter never does.</summary>
    public static bool IsBetter(Vote candidate, Vote current, Func<PeerId, bool> isVoter)
    {
        if (candidate.IsNobody || !isVoter(candidate.Leader)) return false;
        if (current.IsNobody) return true;
        if (candidate.Epoch != current.Epoch) return candidate.Epoch > current.Epoch;
        if (candidate.Zxid != current.Zxid) return candidate.Zxid > current.Zxid;
        return candidate.Leader.Value > current.Leader.Value;
    }

    /// <summary>Whether a history summary (currentEpoch, last zxid) is more recent than another: the comparison a leader makes against its followers.</summary>
    public static bool IsMoreRecent(long epoch, long zxid, long otherEpoch, long otherZxid) =>
        epoch > otherEpoch || (epoch == otherEpoch && zxid > otherZxid);
}
