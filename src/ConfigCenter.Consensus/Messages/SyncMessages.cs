using ConfigCenter.Consensus.Storage;

namespace ConfigCenter.Consensus.Messages;

/// <summary>How the leader brings a learner's log to its own history.</summary>
public enum SyncMode
{
    /// <summary>The learner's log is a prefix of the leader's: send the missing entries.</summary>
    Diff,

    /// <summary>The learner holds entries the leader's history lacks: cut them off, then send the missing entries.</summary>
    Trunc,

    /// <summary>The leader's log no longer reaches back to the learner's: replace its state with a snapshot, then send the entries after it.</summary>
    Snap,
}

/// <summary>
/// Leader to learner: DIFF, TRUNC or SNAP plus the entries that follow, and NEWLEADER, as one message
/// (ZooKeeper sends them as a packet stream on one TCP connection; one message keeps them atomic).
/// After applying it the learner's log ends at <paramref name="NewLeaderZxid"/> and equals the leader's.
/// </summary>
/// <param name="PrevZxid">Where the learner's log ends after the truncation or snapshot, before <paramref name="Entries"/>.</param>
/// <param name="TruncateTo">For <see cref="SyncMode.Trunc"/>: keep entries up to this zxid.</param>
/// <param name="Snapshot">For <see cref="SyncMode.Snap"/>: the state to install.</param>
/// <param name="CommitZxid">Entries up to here are committed (the leader's commit point when it sent this).</param>
public sealed record Sync(
    long Epoch,
    long Connection,
    SyncMode Mode,
    long PrevZxid,
    long TruncateTo,
    ZabSnapshot? Snapshot,
    IReadOnlyList<LogEntry> Entries,
    long NewLeaderZxid,
    long CommitZxid) : SessionMessage(Epoch, Connection);

/// <summary>Learner to leader: the synced history and currentEpoch are durable (ACK of NEWLEADER).</summary>
public sealed record AckNewLeader(long Epoch, long Connection, long Zxid) : SessionMessage(Epoch, Connection);

/// <summary>Leader to learner: the epoch is established; serve.</summary>
public sealed record UpToDate(long Epoch, long Connection, long CommitZxid) : SessionMessage(Epoch, Connection);
