namespace ConfigCenter.Consensus.Tests.Election;

/// <summary>The shell's hint that a connection broke: learners leave a lost leader at once, nobody else is moved.</summary>
public sealed class ConnectionLossTests
{
    [Fact]
    public void A_follower_whose_leader_connection_breaks_looks_at_once_and_rejoins_the_same_leader()
    {
        var ensemble = new Support.ScriptedEnsemble(3);
        ensemble.StartAll();
        ensemble.TickUntil(ensemble.AllServing);
        var leader = ensemble.ServingLeader()!.Value;
        var follower = ensemble.Hosts.First(h => h.Id.Value != leader).Id.Value;

        ensemble.Peer(follower).PeerUnreachable(new PeerId(leader));

        Assert.Equal(PeerRole.Looking, ensemble.Peer(follower).Status.Role);
        Assert.Contains("broke", ensemble.Peer(follower).LastLookingReason);
        // The leader kept its quorum with the other follower; the hint alone does not depose it.
        Assert.Equal(PeerRole.Leading, ensemble.Peer(leader).Status.Role);
        ensemble.TickUntil(ensemble.AllServing);
        Assert.Equal(leader, ensemble.ServingLeader());
    }

    [Fact]
    public void A_leader_ignores_a_broken_connection_and_a_follower_ignores_one_to_another_follower()
    {
        var ensemble = new Support.ScriptedEnsemble(3);
        ensemble.StartAll();
        ensemble.TickUntil(ensemble.AllServing);
        var leader = ensemble.ServingLeader()!.Value;
        var followers = ensemble.Hosts.Where(h => h.Id.Value != leader).Select(h => h.Id).ToList();

        ensemble.Peer(leader).PeerUnreachable(followers[0]);
        ensemble.Peer(followers[0].Value).PeerUnreachable(followers[1]);

        Assert.True(ensemble.AllServing());
    }

    [Fact]
    public void When_the_leader_dies_and_both_followers_see_its_connection_break_a_new_leader_serves_without_waiting_a_tick()
    {
        var (ensemble, leader, followers) = ServingEnsembleWithCrashedLeader();
        foreach (var follower in followers) ensemble.ReportUnreachable(follower, leader);
        ensemble.DeliverAll();

        // No finalize wait for the dead voter, no learner retransmit: votes, discovery and sync are messages only.
        Assert.True(ensemble.ServingExcept(leader), ensemble.Describe());
        Assert.Contains(ensemble.ServingLeader()!.Value, followers);
    }

    [Fact]
    public void Without_the_hint_an_election_that_lacks_a_voter_waits_its_finalize_time()
    {
        var (ensemble, leader, followers) = ServingEnsembleWithCrashedLeader();
        // Only one follower learns of the break; the other one leaves the leader after syncLimit and then finds
        // the first one waiting for the dead voter's vote.
        ensemble.ReportUnreachable(followers[0], leader);
        ensemble.DeliverAll();
        Assert.False(ensemble.ServingExcept(leader));
        ensemble.TickUntil(() => ensemble.ServingExcept(leader));
    }

    private static (Support.ScriptedEnsemble Ensemble, long Leader, List<long> Followers) ServingEnsembleWithCrashedLeader()
    {
        var ensemble = new Support.ScriptedEnsemble(3);
        ensemble.StartAll();
        ensemble.TickUntil(ensemble.AllServing);
        var leader = ensemble.ServingLeader()!.Value;
        var followers = ensemble.Hosts.Select(h => h.Id.Value).Where(id => id != leader).ToList();
        ensemble.Crash(leader);
        return (ensemble, leader, followers);
    }

    [Fact]
    public void An_established_leader_names_the_zxid_its_next_proposal_gets()
    {
        var ensemble = new Support.ScriptedEnsemble(3);
        ensemble.StartAll();
        ensemble.TickUntil(ensemble.AllServing);
        var leader = ensemble.Peer(ensemble.ServingLeader()!.Value);
        var follower = ensemble.Hosts.First(h => h.Peer != leader).Peer!;

        var expected = leader.NextProposalZxid;
        var result = leader.Propose([1]);

        Assert.Equal(expected, result.Zxid);
        Assert.Equal(result.Zxid + 1, leader.NextProposalZxid);
        Assert.Null(follower.NextProposalZxid);
        Assert.Equal(2, leader.Leader!.Value.SyncedFollowers);
    }
}
