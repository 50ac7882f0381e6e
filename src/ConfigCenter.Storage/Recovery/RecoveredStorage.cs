using ConfigCenter.Storage.FileSystem;
using ConfigCenter.Storage.Log;
using ConfigCenter.Storage.Snapshots;

namespace ConfigCenter.Storage.Recovery;

/// <summary>
/// What recovery found: the snapshot to load (already verified) and the log records to replay after
/// it. Load the snapshot (if any), apply <see cref="ReadLog"/> in order, then start a
/// <see cref="TxnLogWriter"/> after <see cref="LastZxid"/>.
/// </summary>
public sealed class RecoveredStorage
{
    private readonly IStorageFileSystem _fileSystem;
    private readonly long _databaseId;
    private readonly IReadOnlyList<LogSegmentScan> _replaySegments;

    internal RecoveredStorage(
        IStorageFileSystem fileSystem,
        long databaseId,
        SnapshotSummary? snapshot,
        IReadOnlyList<LogSegmentScan> replaySegments,
        long lastZxid,
        IReadOnlyList<StorageCorruptedException> rejectedSnapshots,
        IReadOnlyList<StorageRepair> repairs)
    {
        _fileSystem = fileSystem;
        _databaseId = databaseId;
        Snapshot = snapshot;
        _replaySegments = replaySegments;
        LastZxid = lastZxid;
        RejectedSnapshots = rejectedSnapshots;
        Repairs = repairs;
    }

    /// <summary>The newest sound snapshot, or null when there is none (start from the empty tree).</summary>
    public SnapshotSummary? Snapshot { get; }

    /// <summary>The zxid the snapshot stands for; 0 without one. The log is replayed from the next zxid.</summary>
    public long SnapshotZxid => Snapshot?.Zxid ?? 0;

    /// <summary>The last zxid recovered, from the log or the snapshot; the next transaction gets this plus one.</summary>
    public long LastZxid { get; }

    /// <summary>How many log records <see cref="ReadLog"/> yields.</summary>
    public long LogRecordCount => _replaySegments.Sum(segment => (long)segment.RecordCountAfter);

    /// <summary>The log segments replay reads, oldest first.</summary>
    public IReadOnlyList<string> LogSegments => _replaySegments.Select(segment => segment.Path).ToList();

    /// <summary>Newer snapshots that were unreadable and skipped (only with <see cref="StorageOptions.AllowSnapshotFallback"/>).</summary>
    public IReadOnlyList<StorageCorruptedException> RejectedSnapshots { get; }

    /// <summary>What recovery changed on disk: torn tails cut, empty segments and unfinished snapshots removed.</summary>
    public IReadOnlyList<StorageRepair> Repairs { get; }

    /// <summary>Opens the snapshot to load; its nodes stream out of <see cref="SnapshotReader.ReadNodes"/>.</summary>
    public SnapshotReader OpenSnapshot()
    {
        if (Snapshot is null) throw new InvalidOperationException("there is no snapshot: start from the empty tree and replay the log");
        return SnapshotReader.Open(Snapshot.Path, _fileSystem, _databaseId);
    }

    /// <summary>
    /// The transactions after the snapshot, in zxid order with no gaps, decoded. With a fuzzy
    /// snapshot some of them may already be reflected in it; applying them again must be harmless.
    /// </summary>
    /// <exception cref="StorageCorruptedException">A segment changed since recovery checked it.</exception>
    public IEnumerable<LoggedTxn> ReadLog(CancellationToken cancellationToken = default)
    {
        foreach (var (reader, frame) in ReadFrames(cancellationToken)) yield return reader.Decode(frame);
    }

    /// <summary>
    /// The same records as <see cref="ReadLog"/>, as they lie on disk (<see cref="TxnRecordCodec"/>'s
    /// format, CRC-checked but not decoded): an ensemble peer's log entries, to serve to learners
    /// without decoding and re-encoding them. Decode one with <see cref="TxnRecordCodec.Deserialize"/>.
    /// </summary>
    /// <exception cref="StorageCorruptedException">A segment changed since recovery checked it.</exception>
    public IEnumerable<TxnRecord> ReadLogRecords(CancellationToken cancellationToken = default)
    {
        foreach (var (_, frame) in ReadFrames(cancellationToken)) yield return new TxnRecord(frame.Zxid, frame.Payload.ToArray());
    }

    /// <summary>The frames after the snapshot, each valid only until the next is read.</summary>
    private IEnumerable<(LogSegmentReader Reader, LogFrame Frame)> ReadFrames(CancellationToken cancellationToken)
    {
        var previous = SnapshotZxid;
        long count = 0;
        foreach (var segment in _replaySegments)
        {
            using var reader = LogSegmentReader.Open(segment.Path, _fileSystem, _databaseId, readLimit: segment.ValidLength);
            while (reader.TryRead(out var frame))
            {
                if (frame.Zxid <= SnapshotZxid) continue; // already in the snapshot
                if (!ZxidSequence.Follows(previous, frame.Zxid))
                    throw new StorageCorruptedException(segment.Path, frame.Offset, $"found zxid 0x{frame.Zxid:x} where {ZxidSequence.Expected(previous)} was expected: the log changed since recovery checked it");
                if ((++count & 0x3FF) == 0) cancellationToken.ThrowIfCancellationRequested();
                yield return (reader, frame);
                previous = frame.Zxid;
            }
        }
        if (previous < LastZxid)
            throw new InvalidOperationException($"the log ended at 0x{previous:x} but recovery had found records up to 0x{LastZxid:x}: it changed meanwhile");
    }
}
