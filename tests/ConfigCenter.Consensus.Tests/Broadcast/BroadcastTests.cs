using ConfigCenter.Consensus.Messages;
using ConfigCenter.Consensus.Tests.Support;

namespace ConfigCenter.Consensus.Tests.Broadcast;

public sealed class BroadcastTests
{
    private static ScriptedEnsemble Elected(int voters, int observers = 0)
    {
        var ensemble = new ScriptedEnsemble(voters, observers);
        ensemble.StartAll();
        ensemble.TickUntil(ensemble.AllServing);
        return ensemble;
    }

    [Fact]
    public void With_four_voters_two_acknowledgements_do_not_commit_three_do()
    {
        var ensemble = Elected(4);
        Assert.Equal(4, ensemble.ServingLeader());
        ensemble.Isolate(1);
        ensemble.Isolate(2);
        var zxid = ensemble.Propose(4, [7]).Zxid;
        ensemble.DeliverAll();
        Assert.Equal(zxid, ensemble.Peer(3).PersistedZxid);
        Assert.True(ensemble.Peer(4).CommittedZxid < zxid, "leader and one follower are 2 of 4");
        Assert.True(ensemble[4].Machine!.AppliedZxid < zxid);

        ensemble.Heal();
        // Peer 2 missed the proposal; its pings show the leader what to send again.
        ensemble.TickUntil(() => ensemble[4].Machine!.AppliedZxid == zxid, maxTicks: 4);
    }

    [Fact]
    public void Observers_never_count_toward_a_commit_quorum()
    {
        var ensemble = Elected(3, observers: 2);
        Assert.Equal(3, ensemble.ServingLeader());
        ensemble.Isolate(1);
        ensemble.Isolate(2);
        var zxid = ensemble.Propose(3, [7]).Zxid;
        ensemble.DeliverAll();
        Assert.True(ensemble.Peer(3).CommittedZxid < zxid);

        // Even an acknowledgement arriving from an observer, on its own connection, is ignored.
        var connection = ensemble.Sent.Where(s => s.From == 4 && s.To == 3).Select(s => s.Message).OfType<FollowerInfo>().Last().Connection;
        var epoch = ensemble.Peer(3).Status.Epoch;
        ensemble.Peer(3).Step(new PeerId(4), new Ack(epoch, connection, zxid));
        ensemble.Peer(3).Step(new PeerId(5), new PingAck(epoch, connection, zxid, zxid));
        Assert.True(ensemble.Peer(3).CommittedZxid < zxid);

        ensemble.Heal();
        ensemble.TickUntil(() => ensemble.Hosts.All(h => h.Machine!.AppliedZxid == zxid), maxTicks: 6);
    }

    [Fact]
    public void Observers_learn_committed_entries_only()
    {
        var ensemble = Elected(3, observers: 1);
        ensemble.Isolate(1);
        ensemble.Isolate(2);
        var zxid = ensemble.Propose(3, [7]).Zxid;
        ensemble.DeliverAll();
        Assert.True(ensemble.Peer(4).LastLoggedZxid < zxid, "an uncommitted proposal never reaches an observer");
        ensemble.Heal();
        ensemble.TickUntil(() => ensemble[4].Machine!.AppliedZxid == zxid, maxTicks: 6);
        Assert.Contains(ensemble.Sent, s => s.To == 4 && s.Message is Inform);
        Assert.DoesNotContain(ensemble.Sent, s => s.To == 4 && s.Message is Proposal);
    }

    [Fact]
    public void Proposals_are_pipelined_and_batched_then_committed_in_zxid_order()
    {
        var ensemble = Elected(3);
        ensemble.AutoPersist = false;
        var sentBefore = ensemble.Sent.Count;
        var zxids = ensemble.ProposeMany(3, Enumerable.Range(0, 10).Select(i => new[] { (byte)i })).Select(r => r.Zxid).ToList();
        Assert.Equal(zxids.Order(), zxids);
        // Ten proposals outstanding at once, one message per follower carrying all ten.
        var proposals = ensemble.Sent.Skip(sentBefore).Where(s => s.Message is Proposal).ToList();
        Assert.Equal(2, proposals.Count);
        Assert.All(proposals, p => Assert.Equal(zxids, ((Proposal)p.Message).Entries.Select(e => e.Zxid)));

        ensemble.DeliverAll();
        foreach (var id in new[] { 1L, 2L, 3L }) ensemble.Persist(id);
        ensemble.DeliverAll();
        Assert.All(ensemble.Hosts, h => Assert.Equal(zxids[^1], h.Machine!.AppliedZxid));
        Assert.Equal(10, ensemble.Checker.CommittedCount);
    }

    [Fact]
    public void A_leader_commits_without_its_own_slow_disk_once_a_quorum_of_followers_persisted()
    {
        var ensemble = Elected(3);
        ensemble.AutoPersist = false;
        var zxid = ensemble.Propose(3, [1]).Zxid;
        ensemble.DeliverAll();
        ensemble.Persist(1);
        ensemble.Persist(2);
        ensemble.DeliverAll();
        Assert.Equal(zxid, ensemble.Peer(3).CommittedZxid);
        // It applies only what its own disk holds.
        Assert.True(ensemble[3].Machine!.AppliedZxid < zxid);
        ensemble.Persist(3);
        Assert.Equal(zxid, ensemble[3].Machine!.AppliedZxid);
    }

    [Fact]
    public void A_leader_that_stops_hearing_a_quorum_steps_down_and_cannot_commit()
    {
        var ensemble = Elected(3);
        ensemble.Isolate(3);
        var stale = ensemble.Propose(3, [1]);
        Assert.Equal(ProposeStatus.Accepted, stale.Status);
        ensemble.Tick(7);
        Assert.NotEqual(PeerRole.Leading, ensemble.Peer(3).Status.Role);
        Assert.True(ensemble.Peer(3).CommittedZxid < stale.Zxid);
        Assert.Equal(ProposeStatus.NotLeader, ensemble.Peer(3).Propose([2]).Status);

        // The other two elect a leader of a newer epoch; the old leader's proposal is cut off when it returns.
        ensemble.TickUntil(() => ensemble.ServingLeader() == 2);
        ensemble.Heal();
        ensemble.TickUntil(ensemble.AllServing);
        Assert.DoesNotContain(ensemble.DurableLog(3), e => e.Zxid == stale.Zxid);
    }

    [Fact]
    public void Followers_give_up_on_a_silent_leader()
    {
        var ensemble = Elected(3);
        ensemble.Block(3, 1);
        ensemble.Tick(7);
        Assert.Contains("silent", ensemble.Peer(1).LastLookingReason);
    }

    [Fact]
    public void A_leader_refuses_proposals_beyond_its_outstanding_limit_until_some_commit()
    {
        var ensemble = new ScriptedEnsemble(3, configure: c => c with { MaxOutstandingProposals = 3 });
        ensemble.StartAll();
        ensemble.TickUntil(ensemble.AllServing);
        ensemble.Isolate(1);
        ensemble.Isolate(2);
        var results = ensemble.ProposeMany(3, [[1], [2], [3], [4]]);
        Assert.Equal([ProposeStatus.Accepted, ProposeStatus.Accepted, ProposeStatus.Accepted, ProposeStatus.Busy], results.Select(r => r.Status));
        ensemble.Heal();
        ensemble.TickUntil(() => ensemble[3].Machine!.AppliedZxid == results[2].Zxid, maxTicks: 4);
        Assert.Equal(ProposeStatus.Accepted, ensemble.Propose(3, [4]).Status);
    }

    [Fact]
    public void Proposing_is_refused_until_the_epoch_is_established()
    {
        var ensemble = new ScriptedEnsemble(3) { Drop = (_, _, message) => message is AckNewLeader };
        ensemble.StartAll();
        ensemble.TickUntil(() => ensemble.Peer(3).Status is { Role: PeerRole.Leading, Epoch: > 0 });
        Assert.False(ensemble.Peer(3).Status.Serving);
        Assert.Equal(ProposeStatus.NotReady, ensemble.Peer(3).Propose([1]).Status);
        Assert.Equal(ProposeStatus.NotLeader, ensemble.Peer(1).Propose([1]).Status);
    }
}
