using ConfigCenter.Consensus.Tests.Support;

namespace ConfigCenter.Consensus.Tests.Election;

public sealed class ElectionTests
{
    private static long Z(long epoch, long counter) => Zxid.Make(epoch, counter);

    [Fact]
    public void The_peer_with_the_longest_history_leads_even_with_the_smallest_id()
    {
        var ensemble = new ScriptedEnsemble(3);
        ensemble.Preload(1, 1, 1, Z(1, 1), Z(1, 2), Z(1, 3));
        ensemble.Preload(2, 1, 1, Z(1, 1), Z(1, 2));
        ensemble.Preload(3, 1, 1, Z(1, 1));
        ensemble.StartAll();
        ensemble.TickUntil(ensemble.AllServing);
        Assert.Equal(1, ensemble.ServingLeader());
        Assert.Equal(2, ensemble.Peer(1).Status.Epoch);
        Assert.All(ensemble.Hosts, h => Assert.Equal(Z(1, 3), h.Machine!.AppliedZxid));
    }

    [Fact]
    public void A_newer_current_epoch_beats_a_longer_log_of_an_older_epoch()
    {
        var ensemble = new ScriptedEnsemble(3);
        ensemble.Preload(1, 2, 2, Z(1, 1), Z(2, 1));
        ensemble.Preload(2, 1, 1, Z(1, 1), Z(1, 2), Z(1, 3));
        ensemble.StartAll();
        ensemble.TickUntil(ensemble.AllServing);
        Assert.Equal(1, ensemble.ServingLeader());
        // Peer 2's entries of epoch 1 that the new leader never had are cut off (TRUNC), then it gets 2:1.
        Assert.Equal([Z(1, 1), Z(2, 1)], ensemble.DurableLog(2).Select(e => e.Zxid));
    }

    [Fact]
    public void Equal_histories_elect_the_largest_id()
    {
        var ensemble = new ScriptedEnsemble(5);
        ensemble.StartAll();
        ensemble.TickUntil(ensemble.AllServing);
        Assert.Equal(5, ensemble.ServingLeader());
    }

    [Fact]
    public void Four_voters_need_three_two_of_them_elect_nobody()
    {
        var ensemble = new ScriptedEnsemble(4);
        ensemble.Start(1);
        ensemble.Start(2);
        ensemble.Tick(40);
        Assert.Null(ensemble.ServingLeader());
        Assert.All(new[] { 1L, 2L }, id => Assert.False(ensemble.Peer(id).Status.Serving));
        ensemble.Start(3);
        ensemble.TickUntil(() => ensemble.ServingExcept(4));
        Assert.Equal(3, ensemble.ServingLeader());
    }

    [Fact]
    public void An_observer_never_leads_and_learns_the_leader_even_with_the_longest_log()
    {
        var ensemble = new ScriptedEnsemble(3, observers: 1);
        // The observer once held uncommitted entries; nothing is committed yet.
        ensemble.Preload(4, 1, 1, Z(1, 1), Z(1, 2), Z(1, 3));
        ensemble.StartAll();
        ensemble.TickUntil(ensemble.AllServing);
        Assert.Equal(3, ensemble.ServingLeader());
        Assert.Equal(PeerRole.Observing, ensemble.Peer(4).Status.Role);
        Assert.Equal(new PeerId(3), ensemble.Peer(4).Status.Leader);
        Assert.Empty(ensemble.DurableLog(4));
    }

    [Fact]
    public void A_restarted_follower_joins_the_running_leader_without_a_new_epoch()
    {
        var ensemble = new ScriptedEnsemble(3);
        ensemble.StartAll();
        ensemble.TickUntil(ensemble.AllServing);
        var epoch = ensemble.Peer(3).Status.Epoch;
        ensemble.Crash(1);
        ensemble.Tick(3);
        ensemble.Start(1);
        ensemble.TickUntil(ensemble.AllServing);
        Assert.Equal(3, ensemble.ServingLeader());
        Assert.Equal(epoch, ensemble.Peer(1).Status.Epoch);
    }

    [Fact]
    public void When_the_leader_dies_the_survivors_elect_a_new_leader_in_a_newer_epoch()
    {
        var ensemble = new ScriptedEnsemble(3);
        ensemble.StartAll();
        ensemble.TickUntil(ensemble.AllServing);
        var epoch = ensemble.Peer(3).Status.Epoch;
        ensemble.Crash(3);
        ensemble.TickUntil(() => ensemble.ServingLeader() is not null and not 3 && ensemble.ServingExcept(3));
        Assert.Equal(2, ensemble.ServingLeader());
        Assert.True(ensemble.Peer(2).Status.Epoch > epoch);
    }

    [Fact]
    public void A_single_voter_leads_itself()
    {
        var ensemble = new ScriptedEnsemble(1, observers: 1);
        ensemble.StartAll();
        ensemble.TickUntil(ensemble.AllServing);
        Assert.Equal(1, ensemble.ServingLeader());
        var result = ensemble.Propose(1, [1, 2, 3]);
        Assert.Equal(ProposeStatus.Accepted, result.Status);
        ensemble.TickUntil(() => ensemble[2].Machine!.AppliedZxid == result.Zxid);
    }
}
