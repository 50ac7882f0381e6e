using ConfigCenter.Consensus;
using ConfigCenter.Consensus.Storage;

namespace ConfigCenter.Server.Tests.Simulation;

/// <summary>
/// One server's disk: what survives a crash (epochs, the newest snapshot image, the durable log) and
/// appends in flight, which complete in order after the disk's latency or vanish in a crash.
/// </summary>
internal sealed class SimDisk
{
    private readonly List<LogEntry> _durable = [];
    private readonly List<PendingWrite> _pending = [];
    private long _nextWriteId;

    private sealed record PendingWrite(long Id, List<LogEntry> Entries, long CompleteAt);

    public HardState Hard { get; set; }

    /// <summary>The newest snapshot: the SNAP a leader sent or a snapshot of this server's own applied tree.</summary>
    public ZabSnapshot Snapshot { get; private set; } = ZabSnapshot.Empty;

    public IReadOnlyList<LogEntry> Durable => _durable;

    public long LastDurableZxid => _durable.Count > 0 ? _durable[^1].Zxid : Snapshot.Zxid;

    /// <summary>Queues entries as one write completing no earlier than the writes before it; returns its id.</summary>
    public long Enqueue(LogEntry entry, long completeAt)
    {
        var id = ++_nextWriteId;
        var after = _pending.Count > 0 ? _pending[^1].CompleteAt : 0;
        _pending.Add(new PendingWrite(id, [entry], Math.Max(completeAt, after)));
        return id;
    }

    /// <summary>Adds an entry to a write still in flight (the same batch); false when that write is gone or done.</summary>
    public bool AddTo(long writeId, LogEntry entry)
    {
        if (_pending.Count == 0 || _pending[^1].Id != writeId) return false;
        _pending[^1].Entries.Add(entry);
        return true;
    }

    public long CompletionOf(long writeId) => _pending.Find(w => w.Id == writeId)?.CompleteAt ?? 0;

    /// <summary>Makes the write and every earlier one durable; null when a crash or a rewrite already discarded it.</summary>
    public long? Complete(long writeId)
    {
        if (!_pending.Exists(w => w.Id == writeId)) return null;
        while (_pending.Count > 0 && _pending[0].Id <= writeId)
        {
            _durable.AddRange(_pending[0].Entries);
            _pending.RemoveAt(0);
        }
        return LastDurableZxid;
    }

    /// <summary>TRUNC, as the server's log does it: flush what is queued, then cut after the zxid.</summary>
    public long TruncateAfter(long zxid)
    {
        foreach (var write in _pending) _durable.AddRange(write.Entries);
        _pending.Clear();
        _durable.RemoveAll(e => e.Zxid > zxid);
        return LastDurableZxid;
    }

    /// <summary>SNAP: the image replaces the state and the whole log.</summary>
    public void InstallSnapshot(ZabSnapshot snapshot)
    {
        _pending.Clear();
        _durable.Clear();
        Snapshot = snapshot;
    }

    /// <summary>A snapshot of the applied tree is written: the log entries it covers are no longer needed.</summary>
    public void WriteSnapshot(ZabSnapshot snapshot)
    {
        _durable.RemoveAll(e => e.Zxid <= snapshot.Zxid);
        Snapshot = snapshot;
    }

    public void Crash() => _pending.Clear();
}
