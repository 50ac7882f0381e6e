using ConfigCenter.Consensus.Storage;

namespace ConfigCenter.Consensus.Sync;

/// <summary>
/// Chooses DIFF, TRUNC or SNAP for a learner from the last zxid it reported (LearnerHandler.syncFollower).
/// Zab guarantees that two logs holding the same zxid agree on everything before it, so the learner's
/// last zxid alone tells where it stands:
/// <list type="bullet">
/// <item>it is in the leader's log: the learner's log is a prefix, DIFF the rest;</item>
/// <item>it is beyond the target: the learner holds entries the leader does not (uncommitted, as the
/// leader's history has every committed entry, ZOOKEEPER-2832): TRUNC to the target;</item>
/// <item>it is not in the leader's log but older: the learner's tail diverged (entries of an epoch the
/// leader never had): TRUNC to the last leader entry before it, then DIFF;</item>
/// <item>the leader's log no longer reaches back there (compacted into its snapshot): SNAP.</item>
/// </list>
/// SNAP is never chosen merely because a DIFF is long: a learner whose log reaches past the leader's
/// snapshot may hold acknowledged entries durably, and a snapshot would replace them with entries not yet
/// durable again, shrinking the quorum that holds them (the family of ZOOKEEPER-3642). How long a DIFF can
/// get is bounded by how often the shell snapshots and compacts its log.
/// </summary>
internal static class SyncPlanner
{
    public static SyncPlan Plan(long learnerLast, long target, PeerLog log, IZabLogReader store)
    {
        if (learnerLast == target) return SyncPlan.Diff(learnerLast, []);
        if (learnerLast > target) return SyncPlan.Trunc(target, []);
        if (learnerLast < log.Base) return Snap(target, log, store);

        if (log.Contains(learnerLast))
        {
            var diff = log.ReadRange(learnerLast, target, int.MaxValue);
            return diff is null ? Snap(target, log, store) : SyncPlan.Diff(learnerLast, diff);
        }

        var truncateTo = log.LastEntryBefore(learnerLast);
        // Truncating to the very start of the log is only meaningful when that start is the empty log.
        if (truncateTo is null && log.Base == Zxid.None) truncateTo = Zxid.None;
        if (truncateTo is not { } t) return Snap(target, log, store);
        var entries = log.ReadRange(t, target, int.MaxValue);
        return entries is null ? Snap(target, log, store) : SyncPlan.Trunc(t, entries);
    }

    private static SyncPlan Snap(long target, PeerLog log, IZabLogReader store)
    {
        var snapshot = store.ReadSnapshot();
        // The snapshot only holds applied, hence committed, entries: never beyond the target.
        var tail = log.ReadRange(snapshot.Zxid, target, int.MaxValue)
            ?? throw new InvalidOperationException("the log does not continue from its own snapshot");
        return SyncPlan.Snap(snapshot, tail);
    }
}
