using ConfigCenter.Storage.FileSystem;
using ConfigCenter.Storage.Log;
using ConfigCenter.Storage.Snapshots;

namespace ConfigCenter.Storage.Recovery;

/// <summary>
/// Finds what to restart from: the newest sound snapshot, then the log records after it, checked
/// across segments for gaps and overlaps. A write torn by a crash at the end of a segment is cut
/// off; damage anywhere else throws a <see cref="StorageCorruptedException"/> naming the file and
/// offset, and no record is ever skipped. Run it before the <see cref="TxnLogWriter"/> starts.
/// </summary>
public sealed class StorageRecovery
{
    private readonly StorageOptions _options;
    private readonly IStorageFileSystem _fileSystem;

    public StorageRecovery(StorageOptions options, IStorageFileSystem? fileSystem = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _fileSystem = fileSystem ?? PhysicalFileSystem.Instance;
    }

    /// <summary>Checks everything replay needs and repairs torn tails; reads every needed byte once.</summary>
    /// <exception cref="StorageCorruptedException">A snapshot or segment is damaged, or zxids are missing.</exception>
    public RecoveredStorage Recover(CancellationToken cancellationToken = default) =>
        Recover(reader => reader.VerifyToEnd(cancellationToken), cancellationToken);

    /// <summary>
    /// Like <see cref="Recover(CancellationToken)"/>, but the snapshot is loaded by
    /// <paramref name="load"/> in the same read that verifies it, instead of being read once to
    /// verify and again to load. <paramref name="load"/> must read every node; when the snapshot then
    /// turns out damaged, what it built is dropped and, with <see cref="StorageOptions.AllowSnapshotFallback"/>,
    /// the next older snapshot is loaded instead. The image is null when there is no snapshot.
    /// </summary>
    /// <exception cref="StorageCorruptedException">A snapshot or segment is damaged, or zxids are missing.</exception>
    public LoadedRecovery<TImage> Recover<TImage>(Func<SnapshotReader, TImage> load, CancellationToken cancellationToken = default)
        where TImage : class
    {
        ArgumentNullException.ThrowIfNull(load);
        TImage? image = null;
        var storage = Recover(reader =>
        {
            var loaded = load(reader);
            var summary = reader.VerifiedSummary();
            image = loaded; // only once the whole snapshot checked out
            return summary;
        }, cancellationToken);
        return new LoadedRecovery<TImage>(storage, image);
    }

    private RecoveredStorage Recover(Func<SnapshotReader, SnapshotSummary> readSnapshot, CancellationToken cancellationToken)
    {
        _fileSystem.CreateDirectory(_options.DataDir);
        _fileSystem.CreateDirectory(_options.LogDirectory);
        var repairs = new List<StorageRepair>();
        DeleteUnfinishedSnapshots(repairs);

        var rejected = new List<StorageCorruptedException>();
        var snapshot = ChooseSnapshot(readSnapshot, rejected);
        var snapshotZxid = snapshot?.Zxid ?? 0;

        // Everything is checked before anything is cut, so a damaged log is left as it was found.
        var scans = ScanSegmentsAfter(snapshotZxid, cancellationToken);
        var replay = PlanReplay(scans, snapshotZxid, rejected, out var lastZxid);
        RepairSegments(scans, repairs);

        return new RecoveredStorage(_fileSystem, _options.DatabaseId, snapshot, replay, lastZxid, rejected, repairs);
    }

    private void DeleteUnfinishedSnapshots(List<StorageRepair> repairs)
    {
        foreach (var path in _fileSystem.ListFiles(_options.DataDir))
        {
            var name = Path.GetFileName(path);
            if (!name.StartsWith(StorageFileNames.SnapshotPrefix, StringComparison.Ordinal) || !name.EndsWith(StorageFileNames.TemporarySuffix, StringComparison.Ordinal)) continue;
            _fileSystem.Delete(path);
            repairs.Add(new StorageRepair(StorageRepairKind.DeletedUnfinishedSnapshot, path, 0, "a snapshot still being written when the server stopped"));
        }
    }

    /// <summary>The newest snapshot that <paramref name="readSnapshot"/> reads through without finding damage.</summary>
    private SnapshotSummary? ChooseSnapshot(Func<SnapshotReader, SnapshotSummary> readSnapshot, List<StorageCorruptedException> rejected)
    {
        var snapshots = StorageFileNames.List(_fileSystem, _options.DataDir, StorageFileNames.SnapshotPrefix);
        for (var i = snapshots.Count - 1; i >= 0; i--)
        {
            try
            {
                using var reader = SnapshotReader.Open(snapshots[i].Path, _fileSystem, _options.DatabaseId);
                return readSnapshot(reader);
            }
            catch (StorageCorruptedException e) when (_options.AllowSnapshotFallback)
            {
                rejected.Add(e);
            }
        }
        return null;
    }

    /// <summary>
    /// Scans the segments that can hold records after the snapshot: the newest one starting at or
    /// before it (it may run past it) and all later ones; a record-less one does not count as that start.
    /// </summary>
    private List<LogSegmentScan> ScanSegmentsAfter(long snapshotZxid, CancellationToken cancellationToken)
    {
        var segments = StorageFileNames.List(_fileSystem, _options.LogDirectory, StorageFileNames.LogPrefix);
        var first = Math.Max(0, segments.FindLastIndex(segment => segment.Zxid <= snapshotZxid));
        var scans = new List<LogSegmentScan>();
        for (var i = first; i < segments.Count; i++) scans.Add(Scan(segments[i], snapshotZxid, cancellationToken));
        while (first > 0 && !scans[0].HasRecords) scans.Insert(0, Scan(segments[--first], snapshotZxid, cancellationToken));
        return scans;
    }

    private LogSegmentScan Scan(ZxidFile segment, long snapshotZxid, CancellationToken cancellationToken) =>
        LogSegmentScan.Scan(segment, _fileSystem, _options.DatabaseId, cancellationToken, countAfterZxid: snapshotZxid);

    /// <summary>Picks the segments with records after the snapshot and checks they continue one another exactly.</summary>
    private static List<LogSegmentScan> PlanReplay(List<LogSegmentScan> scans, long snapshotZxid, List<StorageCorruptedException> rejected, out long lastZxid)
    {
        var replay = new List<LogSegmentScan>();
        var after = snapshotZxid; // the last zxid replay has covered so far
        LogSegmentScan? previous = null;
        foreach (var scan in scans)
        {
            if (!scan.HasRecords) continue;
            if (scan.LastZxid <= after)
            {
                if (scan.LastZxid > snapshotZxid)
                    throw new StorageCorruptedException(scan.Path, TxnLogFileHeader.Size,
                        $"its records 0x{scan.FirstZxid:x}..0x{scan.LastZxid:x} repeat zxids already read from {previous!.Path}");
                previous = scan;
                continue; // wholly inside the snapshot
            }
            if (scan.FirstZxid > after && !ZxidSequence.Follows(after, scan.FirstZxid))
                throw new StorageCorruptedException(scan.Path, TxnLogFileHeader.Size, DescribeGap(after, scan, previous, snapshotZxid, rejected));
            if (scan.FirstZxid <= after && after > snapshotZxid)
                throw new StorageCorruptedException(scan.Path, TxnLogFileHeader.Size,
                    $"it starts at zxid 0x{scan.FirstZxid:x}, which {previous!.Path} already holds");
            replay.Add(scan);
            after = scan.LastZxid;
            previous = scan;
        }
        lastZxid = after;
        return replay;
    }

    private static string DescribeGap(long after, LogSegmentScan scan, LogSegmentScan? previous, long snapshotZxid, List<StorageCorruptedException> rejected)
    {
        var missing = after >>> 32 == scan.FirstZxid >>> 32
            ? $"transactions 0x{after + 1:x}..0x{scan.FirstZxid - 1:x} are missing"
            : $"transactions between 0x{after:x} and 0x{scan.FirstZxid:x} are missing";
        var text = missing + ": replay from " +
            (snapshotZxid == 0 ? "the empty tree" : $"snapshot 0x{snapshotZxid:x}") + $" needs them, and this segment starts at 0x{scan.FirstZxid:x}";
        if (previous is { End: LogSegmentEnd.TornTail })
            text += $"; {previous.Path} ends in a damaged record at byte offset {previous.ValidLength} ({previous.TornTailProblem})";
        if (rejected.Count > 0)
            text += $"; {rejected.Count} newer snapshot(s) were unreadable, the first: {rejected[0].Message}";
        return text;
    }

    private void RepairSegments(List<LogSegmentScan> scans, List<StorageRepair> repairs)
    {
        var deleted = false;
        foreach (var scan in scans)
        {
            if (!scan.HasRecords)
            {
                _fileSystem.Delete(scan.Path);
                deleted = true;
                repairs.Add(new StorageRepair(StorageRepairKind.DeletedEmptySegment, scan.Path, 0, "a segment without records"));
            }
            else if (scan.End == LogSegmentEnd.TornTail)
            {
                using (var file = _fileSystem.OpenForWrite(scan.Path))
                {
                    file.SetLength(scan.ValidLength);
                    file.Sync();
                }
                repairs.Add(new StorageRepair(StorageRepairKind.TruncatedTornTail, scan.Path, scan.ValidLength,
                    $"cut {scan.FileLength - scan.ValidLength} bytes after zxid 0x{scan.LastZxid:x}: {scan.TornTailProblem}"));
            }
        }
        if (deleted) _fileSystem.SyncDirectory(_options.LogDirectory);
    }
}
