namespace ConfigCenter.Consensus.Election;

/// <summary>
/// A vote for <paramref name="Leader"/>, whose history ends at <paramref name="Zxid"/> and whose
/// currentEpoch is <paramref name="Epoch"/>.
/// </summary>
public readonly record struct Vote(PeerId Leader, long Zxid, long Epoch)
{
    /// <summary>The vote of a peer that cannot vote (an observer): for nobody.</summary>
    public static Vote Nobody { get; } = new(new PeerId(long.MinValue), -1, -1);

    public bool IsNobody => this == Nobody;

    public override string ToString() => IsNobody ? "nobody" : $"{Leader}@{Epoch}/{ConfigCenter.Consensus.Zxid.Format(Zxid)}";
}
