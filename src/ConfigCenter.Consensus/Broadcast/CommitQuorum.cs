namespace ConfigCenter.Consensus.Broadcast;

/// <summary>The commit rule: an entry is committed once a quorum of voters holds it durably.</summary>
internal static class CommitQuorum
{
    /// <summary>
    /// The highest zxid acknowledged by at least <paramref name="quorumSize"/> of the given voters'
    /// cumulative acknowledgements, or null if fewer voters answered. With 4 voters the quorum is 3, so two
    /// acknowledgements never commit: a 2-2 split can never commit on both sides.
    /// </summary>
    public static long? HighestQuorumAcked(List<long> ackedByVoter, int quorumSize)
    {
        if (ackedByVoter.Count < quorumSize) return null;
        ackedByVoter.Sort();
        return ackedByVoter[^quorumSize];
    }
}
