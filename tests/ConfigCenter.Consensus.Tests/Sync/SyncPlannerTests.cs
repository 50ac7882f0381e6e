using ConfigCenter.Consensus.Messages;
using ConfigCenter.Consensus.Storage;
using ConfigCenter.Consensus.Sync;
using ConfigCenter.Consensus.Tests.Simulation;
using ConfigCenter.Consensus.Tests.Support;

namespace ConfigCenter.Consensus.Tests.Sync;

/// <summary>DIFF, TRUNC or SNAP, chosen from the learner's last zxid against the leader's log.</summary>
public sealed class SyncPlannerTests
{
    private static long Z(long epoch, long counter) => Zxid.Make(epoch, counter);

    private static (PeerLog Log, SimStorage Store) LeaderLog(long snapshotAt, params long[] zxids)
    {
        var store = new SimStorage();
        if (snapshotAt != Zxid.None) store.InstallSnapshot(new ZabSnapshot(snapshotAt, [1, 2, 3]));
        store.Complete(store.Enqueue(zxids.Select(z => new LogEntry(z, ScriptedEnsemble.Payload(z))).ToList(), 0));
        return (new PeerLog(store, new ReadyBuilder(64), store.LastDurableZxid, snapshotAt), store);
    }

    private static SyncPlan Plan(long learnerLast, long snapshotAt, params long[] leaderLog)
    {
        var (log, store) = LeaderLog(snapshotAt, leaderLog);
        return SyncPlanner.Plan(learnerLast, log.LastLogged, log, store);
    }

    private static long[] Zxids(SyncPlan plan) => plan.Entries.Select(e => e.Zxid).ToArray();

    [Fact]
    public void A_learner_at_the_leaders_last_entry_gets_an_empty_diff()
    {
        var plan = Plan(Z(1, 3), Zxid.None, Z(1, 1), Z(1, 2), Z(1, 3));
        Assert.Equal(SyncMode.Diff, plan.Mode);
        Assert.Empty(plan.Entries);
    }

    [Fact]
    public void A_learner_whose_log_is_a_prefix_gets_the_missing_entries()
    {
        var plan = Plan(Z(1, 1), Zxid.None, Z(1, 1), Z(1, 2), Z(2, 1));
        Assert.Equal(SyncMode.Diff, plan.Mode);
        Assert.Equal(Z(1, 1), plan.PrevZxid);
        Assert.Equal([Z(1, 2), Z(2, 1)], Zxids(plan));
    }

    [Fact]
    public void An_empty_learner_gets_the_whole_log_when_nothing_was_compacted()
    {
        var plan = Plan(Zxid.None, Zxid.None, Z(1, 1), Z(1, 2));
        Assert.Equal(SyncMode.Diff, plan.Mode);
        Assert.Equal([Z(1, 1), Z(1, 2)], Zxids(plan));
    }

    [Fact]
    public void A_learner_ahead_of_the_leader_is_truncated_to_the_leaders_last_entry_ZOOKEEPER_2832()
    {
        // Its extra entries were never committed (the leader's history holds every committed entry): they must go.
        var plan = Plan(Z(1, 4), Zxid.None, Z(1, 1), Z(1, 2));
        Assert.Equal(SyncMode.Trunc, plan.Mode);
        Assert.Equal(Z(1, 2), plan.TruncateTo);
        Assert.Empty(plan.Entries);
    }

    [Fact]
    public void A_learner_with_entries_of_an_old_epoch_the_leader_never_had_is_truncated_then_diffed()
    {
        // Learner: 1:1 1:2 1:3 1:4 (1:3, 1:4 uncommitted). Leader: 1:1 1:2 2:1 2:2.
        var plan = Plan(Z(1, 4), Zxid.None, Z(1, 1), Z(1, 2), Z(2, 1), Z(2, 2));
        Assert.Equal(SyncMode.Trunc, plan.Mode);
        Assert.Equal(Z(1, 2), plan.TruncateTo);
        Assert.Equal([Z(2, 1), Z(2, 2)], Zxids(plan));
    }

    [Fact]
    public void Divergence_in_an_epoch_the_leader_has_no_entry_of_truncates_to_the_last_common_entry()
    {
        // Learner: 1:1 2:1 .. 2:5 (epoch 2 never committed). Leader: 1:1 3:1 3:2.
        var plan = Plan(Z(2, 5), Zxid.None, Z(1, 1), Z(3, 1), Z(3, 2));
        Assert.Equal(SyncMode.Trunc, plan.Mode);
        Assert.Equal(Z(1, 1), plan.TruncateTo);
        Assert.Equal([Z(3, 1), Z(3, 2)], Zxids(plan));
    }

    [Fact]
    public void A_learner_behind_the_leaders_snapshot_gets_the_snapshot_and_the_entries_after_it()
    {
        var plan = Plan(Z(1, 3), Z(1, 5), Z(1, 6), Z(1, 7), Z(1, 8));
        Assert.Equal(SyncMode.Snap, plan.Mode);
        Assert.Equal(Z(1, 5), plan.Snapshot!.Zxid);
        Assert.Equal(Z(1, 5), plan.PrevZxid);
        Assert.Equal([Z(1, 6), Z(1, 7), Z(1, 8)], Zxids(plan));
    }

    [Fact]
    public void A_diverged_learner_whose_common_prefix_was_compacted_gets_a_snapshot()
    {
        var plan = Plan(Z(1, 3), Z(1, 2), Z(2, 1));
        Assert.Equal(SyncMode.Snap, plan.Mode);
        Assert.Equal(Z(1, 2), plan.Snapshot!.Zxid);
        Assert.Equal([Z(2, 1)], Zxids(plan));
    }

    [Fact]
    public void A_long_diff_is_never_replaced_by_a_snapshot_ZOOKEEPER_3642()
    {
        // The learner may hold acknowledged entries durably; a snapshot would put them back in flight.
        var leader = Enumerable.Range(1, 500).Select(i => Z(1, i)).ToArray();
        var (log, store) = LeaderLog(Zxid.None, leader);
        store.Compact(new ZabSnapshot(Z(1, 10), [9]));
        var plan = SyncPlanner.Plan(Z(1, 20), log.LastLogged, log, store);
        Assert.Equal(SyncMode.Diff, plan.Mode);
        Assert.Equal(480, plan.Entries.Count);
    }

    [Fact]
    public void An_observer_is_synced_only_up_to_the_target_the_leader_gives()
    {
        var (log, store) = LeaderLog(Zxid.None, Z(1, 1), Z(1, 2), Z(1, 3), Z(1, 4));
        var plan = SyncPlanner.Plan(Z(1, 1), Z(1, 3), log, store);
        Assert.Equal(SyncMode.Diff, plan.Mode);
        Assert.Equal([Z(1, 2), Z(1, 3)], Zxids(plan));
    }
}
