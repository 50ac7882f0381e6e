namespace ConfigCenter.Consensus.Storage;

/// <summary>
/// Read access to the shell's durable store: a snapshot followed by the log entries after it. The
/// peer reads it synchronously (to send DIFF and SNAP, and to hand out committed entries to apply),
/// so it must reflect every storage operation of every <see cref="Ready"/> the shell has handled and
/// every entry reported by <see cref="ZabPeer.PersistDone"/>.
/// </summary>
public interface IZabLogReader
{
    /// <summary>The zxid of the durable snapshot; entries at or below it are no longer kept in the log. 0 when the log starts at the beginning.</summary>
    long SnapshotZxid { get; }

    /// <summary>The durable snapshot at <see cref="SnapshotZxid"/>.</summary>
    ZabSnapshot ReadSnapshot();

    /// <summary>
    /// Durable entries with zxid greater than <paramref name="afterZxid"/> (which is at least
    /// <see cref="SnapshotZxid"/>), in zxid order, at most <paramref name="maxCount"/>.
    /// </summary>
    IReadOnlyList<LogEntry> ReadAfter(long afterZxid, int maxCount);
}
