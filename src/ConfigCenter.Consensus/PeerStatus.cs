namespace ConfigCenter.Consensus;

/// <summary>What a peer currently is, as reported to the shell in <see cref="Ready.StatusChanges"/>.</summary>
/// <param name="Role">Looking, leading, following or observing.</param>
/// <param name="Epoch">The epoch of the leadership the peer takes part in; 0 while it is not yet known.</param>
/// <param name="Leader">The leader the peer follows (itself when leading); null while looking.</param>
/// <param name="Serving">
/// Leader: the epoch is established (a quorum acknowledged NEWLEADER) and it accepts proposals.
/// Learner: it received UPTODATE and holds the leader's history.
/// </param>
public sealed record PeerStatus(PeerRole Role, long Epoch, PeerId? Leader, bool Serving)
{
    public static PeerStatus Looking { get; } = new(PeerRole.Looking, 0, null, false);

    public override string ToString() =>
        $"{Role}{(Leader is { } l ? " leader=" + l : "")} epoch={Epoch}{(Serving ? " serving" : "")}";
}
