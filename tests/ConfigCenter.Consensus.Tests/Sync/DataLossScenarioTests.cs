using ConfigCenter.Consensus.Messages;
using ConfigCenter.Consensus.Tests.Support;

namespace ConfigCenter.Consensus.Tests.Sync;

/// <summary>
/// The recovery scenarios in which ZooKeeper lost or diverged committed data (research notes, section 2.3),
/// replayed step by step. The invariant checker watches every step (one committed history, commit means a
/// durable quorum, nothing committed is truncated); the assertions name what the scenario is about.
/// </summary>
public sealed class DataLossScenarioTests
{
    private static ScriptedEnsemble Elected(int voters)
    {
        var ensemble = new ScriptedEnsemble(voters);
        ensemble.StartAll();
        ensemble.TickUntil(ensemble.AllServing);
        return ensemble;
    }

    private static long[] Log(ScriptedEnsemble ensemble, long id) => ensemble.DurableLog(id).Select(e => e.Zxid).ToArray();

    [Fact]
    public void The_peer_with_the_highest_zxid_returns_after_the_election_and_loses_only_its_uncommitted_entry_ZOOKEEPER_1154_2832()
    {
        var ensemble = Elected(3);
        Assert.Equal(3, ensemble.ServingLeader());
        var x1 = ensemble.Propose(3, [1]).Zxid;
        ensemble.DeliverAll();
        ensemble.Isolate(2);
        var x2 = ensemble.Propose(3, [2]).Zxid;
        ensemble.DeliverAll();
        Assert.Equal(x2, ensemble[3].Machine!.AppliedZxid);
        // x3 reaches only the leader's own log: never committed.
        ensemble.Block(3, 1);
        var x3 = ensemble.Propose(3, [3]).Zxid;
        ensemble.DeliverAll();
        ensemble.Crash(3);
        ensemble.Heal();

        ensemble.TickUntil(() => ensemble.ServingLeader() is 1 or 2 && ensemble.ServingExcept(3));
        Assert.Equal(1, ensemble.ServingLeader());
        var y1 = ensemble.Propose(1, [4]).Zxid;
        ensemble.DeliverAll();

        ensemble.Start(3);
        ensemble.TickUntil(ensemble.AllServing);
        ensemble.TickUntil(() => ensemble.Hosts.All(h => h.Machine!.AppliedZxid == y1));
        Assert.Equal([x1, x2, y1], Log(ensemble, 3));
        Assert.DoesNotContain(ensemble.Sent, s => s.To == 3 && s.Message is Messages.Sync { Mode: SyncMode.Snap });
        Assert.Contains(ensemble.Sent, s => s.To == 3 && s.Message is Messages.Sync { Mode: SyncMode.Trunc } t && t.TruncateTo == x2);
        ensemble.Checker.CheckConverged();
    }

    [Fact]
    public void A_new_leader_is_not_established_until_its_followers_DIFF_is_durable_and_a_quorum_crash_then_loses_nothing_ZOOKEEPER_3911()
    {
        var ensemble = Elected(3);
        ensemble.Isolate(2);
        var committed = ensemble.ProposeMany(3, [[1], [2], [3]]).Select(r => r.Zxid).ToList();
        ensemble.DeliverAll();
        Assert.Equal(committed[^1], ensemble[1].Machine!.AppliedZxid);
        ensemble.Crash(3);
        ensemble.Heal();

        // Peer 2's disk is slow: it receives the DIFF of the three entries but cannot make it durable.
        ensemble.SlowDisks.Add(2);
        ensemble.TickUntil(() => ensemble.Peer(1).Status is { Role: PeerRole.Leading, Epoch: > 0 } && ensemble.Peer(2).LastLoggedZxid == committed[^1], maxTicks: 30);
        ensemble.Tick(2);
        Assert.False(ensemble.Peer(1).Status.Serving, "a leader whose only follower has not persisted the history is not established");
        Assert.DoesNotContain(ensemble.Sent, s => s.From == 2 && s.Message is AckNewLeader a && a.Epoch == ensemble.Peer(1).Status.Epoch);
        Assert.True(ensemble.Peer(2).HardState.CurrentEpoch < ensemble.Peer(1).Status.Epoch);

        // Both crash; peer 2 loses the DIFF it never persisted.
        ensemble.Crash(1);
        ensemble.Crash(2);
        ensemble.SlowDisks.Clear();
        ensemble.StartAll();
        ensemble.TickUntil(ensemble.AllServing);
        ensemble.TickUntil(() => ensemble.Hosts.All(h => h.Machine!.AppliedZxid >= committed[^1]));
        Assert.All(ensemble.Hosts, h => Assert.Superset(committed.ToHashSet(), Log(ensemble, h.Id.Value).ToHashSet()));
        ensemble.Checker.CheckConverged();
    }

    [Fact]
    public void A_learner_that_installed_a_snapshot_survives_the_leader_crashing_before_NEWLEADER_and_its_own_restart_ZOOKEEPER_3642()
    {
        var ensemble = new ScriptedEnsemble(3);
        ensemble.Start(1);
        ensemble.Start(3);
        ensemble.TickUntil(() => ensemble.ServingExcept(2));
        var committed = ensemble.ProposeMany(3, [[1], [2], [3], [4]]).Select(r => r.Zxid).ToList();
        ensemble.DeliverAll();
        ensemble.Compact(3);
        ensemble.Compact(1);

        // Peer 2 joins empty: the leader's log starts after its snapshot, so peer 2 gets SNAP; the leader
        // dies before peer 2's acknowledgement of NEWLEADER arrives.
        ensemble.Drop = (from, _, message) => from == 2 && message is AckNewLeader;
        ensemble.Start(2);
        ensemble.TickUntil(() => ensemble[2].Storage.SnapshotZxid == committed[^1], maxTicks: 10);
        Assert.Contains(ensemble.Sent, s => s.To == 2 && s.Message is Messages.Sync { Mode: SyncMode.Snap });
        ensemble.Crash(3);
        ensemble.Crash(2);
        ensemble.Drop = null;
        ensemble.Start(2);

        ensemble.TickUntil(() => ensemble.ServingLeader() is 1 or 2 && ensemble.ServingExcept(3));
        var after = ensemble.Propose(ensemble.ServingLeader()!.Value, [5]).Zxid;
        ensemble.Start(3);
        ensemble.TickUntil(() => ensemble.AllServing() && ensemble.Hosts.All(h => h.Machine!.AppliedZxid == after));
        ensemble.Checker.CheckConverged();
        Assert.Equal(committed.Count + 1, ensemble.Checker.CommittedCount);
    }

    [Fact]
    public void A_follower_that_crashes_in_the_middle_of_a_truncating_sync_keeps_its_committed_prefix()
    {
        var ensemble = Elected(3);
        var x1 = ensemble.Propose(3, [1]).Zxid;
        ensemble.DeliverAll();
        // Peer 1 logs an entry that never commits: peer 2 never sees it and the leader dies before its own disk has it.
        ensemble.Block(3, 2);
        ensemble.SlowDisks.Add(3);
        var orphan = ensemble.Propose(3, [2]).Zxid;
        ensemble.DeliverAll();
        ensemble.Crash(3);
        ensemble.SlowDisks.Clear();
        ensemble.Heal();
        Assert.Equal(orphan, ensemble.Peer(1).PersistedZxid);
        Assert.Equal(x1, ensemble.Peer(2).LastLoggedZxid);

        // Peers 2 and 3 elect while peer 1 is away.
        ensemble.Isolate(1);
        ensemble.Start(3);
        ensemble.TickUntil(() => ensemble.ServingLeader() is 2 or 3 && ensemble.Peer(2).Status.Serving && ensemble.Peer(3).Status.Serving);
        var leader = ensemble.ServingLeader()!.Value;
        var y1 = ensemble.Propose(leader, [3]).Zxid;
        ensemble.DeliverAll();

        // Peer 1 returns, is told to truncate the orphan and append y1, and crashes before the append is durable.
        ensemble.SlowDisks.Add(1);
        ensemble.Heal();
        ensemble.TickUntil(() => ensemble.Peer(1).LastLoggedZxid == y1, maxTicks: 30);
        Assert.Equal([x1], Log(ensemble, 1));
        ensemble.Crash(1);
        ensemble.SlowDisks.Clear();
        ensemble.Start(1);
        ensemble.TickUntil(() => ensemble.AllServing() && ensemble.Hosts.All(h => h.Machine!.AppliedZxid == y1));
        Assert.Equal([x1, y1], Log(ensemble, 1));
        ensemble.Checker.CheckConverged();
    }
}
