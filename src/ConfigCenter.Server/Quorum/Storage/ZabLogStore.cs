using ConfigCenter.Consensus;
using ConfigCenter.Consensus.Storage;

namespace ConfigCenter.Server.Quorum.Storage;

/// <summary>
/// The Zab core's read access to this server's log: every entry since the newest snapshot, kept in
/// memory in zxid order (as ZooKeeper keeps its committedLog), so DIFFs and committed entries are read
/// without touching the disk. A learner further behind than the snapshot gets a SNAP, taken from the
/// applied tree at the moment it is asked for.
/// </summary>
internal sealed class ZabLogStore(long baseZxid, Func<ZabSnapshot> takeSnapshot) : IZabLogReader
{
    private readonly List<LogEntry> _entries = [];

    public long SnapshotZxid { get; private set; } = baseZxid;

    public long LastZxid => _entries.Count == 0 ? SnapshotZxid : _entries[^1].Zxid;

    public int Count => _entries.Count;

    public ZabSnapshot ReadSnapshot() => takeSnapshot();

    public IReadOnlyList<LogEntry> ReadAfter(long afterZxid, int maxCount)
    {
        var start = IndexAfter(afterZxid);
        var count = Math.Min(maxCount, _entries.Count - start);
        return count <= 0 ? [] : _entries.GetRange(start, count);
    }

    public void Append(LogEntry entry)
    {
        if (entry.Zxid <= LastZxid)
            throw new InvalidOperationException($"entry {Zxid.Format(entry.Zxid)} does not follow {Zxid.Format(LastZxid)}");
        _entries.Add(entry);
    }

    /// <summary>TRUNC: forget every entry after <paramref name="zxid"/>.</summary>
    public void TruncateAfter(long zxid)
    {
        var keep = IndexAfter(zxid);
        _entries.RemoveRange(keep, _entries.Count - keep);
    }

    /// <summary>SNAP installed: the log starts over at the snapshot.</summary>
    public void ResetTo(long snapshotZxid)
    {
        _entries.Clear();
        SnapshotZxid = snapshotZxid;
    }

    /// <summary>A snapshot at <paramref name="zxid"/> is on disk: entries up to it are no longer needed for DIFFs.</summary>
    public void CompactUpTo(long zxid)
    {
        if (zxid <= SnapshotZxid) return;
        var drop = IndexAfter(zxid);
        _entries.RemoveRange(0, drop);
        SnapshotZxid = zxid;
    }

    private int IndexAfter(long zxid)
    {
        int lo = 0, hi = _entries.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_entries[mid].Zxid <= zxid) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
