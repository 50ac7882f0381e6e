using ConfigCenter.Consensus.Messages;
using ConfigCenter.Consensus.Storage;

namespace ConfigCenter.Consensus.Sync;

/// <summary>What the leader sends a learner to make its log equal to the leader's history up to a target zxid.</summary>
/// <param name="PrevZxid">Where the learner's log ends once the truncation or snapshot is applied, before <paramref name="Entries"/>.</param>
internal sealed record SyncPlan(SyncMode Mode, long PrevZxid, long TruncateTo, ZabSnapshot? Snapshot, IReadOnlyList<LogEntry> Entries)
{
    public static SyncPlan Diff(long learnerLast, IReadOnlyList<LogEntry> entries) => new(SyncMode.Diff, learnerLast, 0, null, entries);

    public static SyncPlan Trunc(long truncateTo, IReadOnlyList<LogEntry> entries) => new(SyncMode.Trunc, truncateTo, truncateTo, null, entries);

    public static SyncPlan Snap(ZabSnapshot snapshot, IReadOnlyList<LogEntry> entries) => new(SyncMode.Snap, snapshot.Zxid, 0, snapshot, entries);
}
