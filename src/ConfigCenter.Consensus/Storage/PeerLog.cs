namespace ConfigCenter.Consensus.Storage;

/// <summary>
/// The peer's view of its log: positions (last logged, durable, committed, applied), the entries
/// the shell has not made durable yet, and reads that join the durable store with them. Every
/// change to the log goes through here, so the storage operations reach the <see cref="ReadyBuilder"/>
/// in the order they happened.
/// </summary>
/// <remarks>
/// Invariants: Applied &lt;= Committed, Applied &lt;= Persisted &lt;= LastLogged, and the unstable entries are
/// exactly those after Persisted. Committed may run ahead of LastLogged: a learner can hear a commit point
/// before the entries it covers.
/// </remarks>
internal sealed class PeerLog
{
    private const int ReadChunk = 1024;
    private readonly IZabLogReader _store;
    private readonly ReadyBuilder _out;
    private readonly List<LogEntry> _unstable = [];
    // A snapshot installed here may not have reached the store yet.
    private long _installedBase;

    public PeerLog(IZabLogReader store, ReadyBuilder output, long lastLogged, long committed)
    {
        if (committed > lastLogged) throw new ArgumentException("the committed zxid lies beyond the last logged one");
        if (committed < store.SnapshotZxid) throw new ArgumentException("the restored state is older than the store's snapshot");
        _store = store;
        _out = output;
        LastLogged = lastLogged;
        Persisted = lastLogged;
        Committed = committed;
        Applied = committed;
    }

    /// <summary>The last entry in the log, durable or not.</summary>
    public long LastLogged { get; private set; }

    /// <summary>Every entry up to here is durable.</summary>
    public long Persisted { get; private set; }

    /// <summary>Every entry of this log up to here is known to be committed.</summary>
    public long Committed { get; private set; }

    /// <summary>Every entry up to here has been handed out to apply.</summary>
    public long Applied { get; private set; }

    /// <summary>Where the durable log begins: entries at or before it live only in the snapshot.</summary>
    public long Base => Math.Max(_installedBase, _store.SnapshotZxid);

    public void Append(LogEntry entry)
    {
        if (entry.Zxid <= LastLogged)
            throw new ZabSafetyException($"entry {Zxid.Format(entry.Zxid)} does not follow the last logged {Zxid.Format(LastLogged)}");
        _unstable.Add(entry);
        LastLogged = entry.Zxid;
        _out.Append(entry);
    }

    /// <summary>TRUNC: drop every entry after <paramref name="zxid"/>, which must be an entry of this log (or its start).</summary>
    public void TruncateAfter(long zxid)
    {
        if (zxid < Committed)
            throw new ZabSafetyException($"asked to truncate to {Zxid.Format(zxid)}, below the committed {Zxid.Format(Committed)}");
        if (zxid > LastLogged)
            throw new ZabSafetyException($"asked to truncate to {Zxid.Format(zxid)}, beyond the last logged {Zxid.Format(LastLogged)}");
        if (!Contains(zxid))
            throw new ZabSafetyException($"asked to truncate to {Zxid.Format(zxid)}, which is not in this log");
        if (zxid == LastLogged) return;
        _unstable.RemoveAll(e => e.Zxid > zxid);
        LastLogged = zxid;
        Persisted = Math.Min(Persisted, zxid);
        _out.TruncateAfter(zxid);
    }

    /// <summary>SNAP: the log and the applied state become the snapshot.</summary>
    public void InstallSnapshot(ZabSnapshot snapshot)
    {
        // The shell's state machine is replaced by the snapshot; it must not move back in time.
        if (snapshot.Zxid < Applied)
            throw new ZabSafetyException($"asked to install a snapshot at {Zxid.Format(snapshot.Zxid)}, older than the applied {Zxid.Format(Applied)}");
        _unstable.Clear();
        _installedBase = snapshot.Zxid;
        LastLogged = snapshot.Zxid;
        Persisted = snapshot.Zxid;
        Committed = snapshot.Zxid;
        Applied = snapshot.Zxid;
        _out.InstallSnapshot(snapshot);
    }

    /// <summary>The shell made every entry up to <paramref name="zxid"/> durable.</summary>
    public void MarkPersisted(long zxid)
    {
        var durable = Math.Min(zxid, LastLogged);
        if (durable <= Persisted) return;
        Persisted = durable;
        var keep = _unstable.FindIndex(e => e.Zxid > durable);
        _unstable.RemoveRange(0, keep < 0 ? _unstable.Count : keep);
    }

    public void AdvanceCommit(long zxid)
    {
        if (zxid > Committed) Committed = zxid;
    }

    /// <summary>
    /// Leaving a leadership: the commit point learned from that leader only speaks for entries this log
    /// holds (a prefix of that leader's), so keep it only that far.
    /// </summary>
    public void ForgetCommitBeyondLog() => Committed = Math.Max(Applied, Math.Min(Committed, LastLogged));

    /// <summary>Hands out the committed, durable entries not yet applied.</summary>
    public void ApplyCommitted()
    {
        // The commit point need not be an entry of this log (it may come from a leader further ahead), so
        // stop at the last entry at or below it.
        var upTo = Math.Min(Committed, Persisted);
        while (Applied < upTo)
        {
            var entries = _store.ReadAfter(Applied, ReadChunk);
            if (entries.Count == 0 || entries[0].Zxid <= Applied)
                throw new InvalidOperationException($"the store does not return the durable entries after {Zxid.Format(Applied)}");
            foreach (var entry in entries)
            {
                if (entry.Zxid > upTo) return;
                _out.Committed(entry);
                Applied = entry.Zxid;
            }
        }
    }

    /// <summary>Whether <paramref name="zxid"/> is an entry of this log, or the point it starts from.</summary>
    public bool Contains(long zxid)
    {
        if (zxid == Base) return true;
        if (zxid < Base || zxid > LastLogged) return false;
        if (zxid > Persisted) return _unstable.Exists(e => e.Zxid == zxid);
        var read = _store.ReadAfter(zxid - 1, 1);
        return read.Count > 0 && read[0].Zxid == zxid;
    }

    /// <summary>
    /// The entries after <paramref name="afterZxid"/> up to <paramref name="upToZxid"/>, at most
    /// <paramref name="maxCount"/>; null if the log no longer reaches back that far.
    /// </summary>
    public List<LogEntry>? ReadRange(long afterZxid, long upToZxid, int maxCount)
    {
        if (afterZxid < Base) return null;
        var result = new List<LogEntry>();
        var cursor = afterZxid;
        var durableEnd = Math.Min(upToZxid, Persisted);
        while (cursor < durableEnd && result.Count < maxCount)
        {
            var chunk = _store.ReadAfter(cursor, Math.Min(ReadChunk, maxCount - result.Count));
            if (chunk.Count == 0) break;
            foreach (var entry in chunk)
            {
                if (entry.Zxid > durableEnd) break;
                result.Add(entry);
                cursor = entry.Zxid;
            }
            if (chunk[^1].Zxid >= durableEnd) break;
        }
        foreach (var entry in _unstable)
        {
            if (result.Count >= maxCount || entry.Zxid > upToZxid) break;
            if (entry.Zxid > cursor) result.Add(entry);
        }
        return result;
    }

    /// <summary>
    /// The last entry of this log before <paramref name="zxid"/>, found by reading from the start of
    /// <paramref name="zxid"/>'s epoch (and from the log's start if that epoch holds none); null if it
    /// lies at or before <see cref="Base"/>, where only a snapshot can help.
    /// </summary>
    public long? LastEntryBefore(long zxid)
    {
        var epochStart = Zxid.EpochOf(zxid) == 0 ? 0 : Zxid.Make(Zxid.EpochOf(zxid), 0) - 1;
        var found = ScanForLastBefore(Math.Max(Base, epochStart), zxid);
        if (found is null && epochStart > Base) found = ScanForLastBefore(Base, zxid);
        return found;
    }

    private long? ScanForLastBefore(long from, long zxid)
    {
        long? last = null;
        var cursor = from;
        while (true)
        {
            var chunk = ReadRange(cursor, zxid - 1, ReadChunk);
            if (chunk is null || chunk.Count == 0) return last;
            last = chunk[^1].Zxid;
            cursor = last.Value;
            if (chunk.Count < ReadChunk) return last;
        }
    }
}
