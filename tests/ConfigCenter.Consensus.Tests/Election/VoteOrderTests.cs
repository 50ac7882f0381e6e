using ConfigCenter.Consensus.Election;

namespace ConfigCenter.Consensus.Tests.Election;

public sealed class VoteOrderTests
{
    private static readonly HashSet<PeerId> Voters = [new(1), new(2), new(3)];

    private static bool Beats(Vote candidate, Vote current) => VoteOrder.IsBetter(candidate, current, Voters.Contains);

    private static Vote V(long leader, long epoch, long epochOfZxid, long counter) => new(new PeerId(leader), Zxid.Make(epochOfZxid, counter), epoch);

    [Fact]
    public void A_newer_current_epoch_wins_over_a_longer_log()
    {
        Assert.True(Beats(V(1, epoch: 3, 2, 1), V(2, epoch: 2, 2, 50)));
        Assert.False(Beats(V(2, epoch: 2, 2, 50), V(1, epoch: 3, 2, 1)));
    }

    [Fact]
    public void In_the_same_epoch_the_longer_history_wins_over_a_larger_id()
    {
        Assert.True(Beats(V(1, 2, 2, 7), V(3, 2, 2, 6)));
        Assert.False(Beats(V(3, 2, 2, 6), V(1, 2, 2, 7)));
    }

    [Fact]
    public void Equal_histories_are_decided_by_the_larger_id()
    {
        Assert.True(Beats(V(3, 2, 2, 6), V(2, 2, 2, 6)));
        Assert.False(Beats(V(2, 2, 2, 6), V(3, 2, 2, 6)));
        Assert.False(Beats(V(2, 2, 2, 6), V(2, 2, 2, 6)));
    }

    [Fact]
    public void A_vote_for_a_non_voter_never_wins_and_any_vote_beats_nobody()
    {
        Assert.False(Beats(V(9, 99, 99, 99), V(1, 0, 0, 0)));
        Assert.True(Beats(V(1, 0, 0, 0), Vote.Nobody));
        Assert.False(Beats(Vote.Nobody, V(1, 0, 0, 0)));
    }
}
