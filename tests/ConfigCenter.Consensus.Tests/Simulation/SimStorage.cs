using ConfigCenter.Consensus.Storage;

namespace ConfigCenter.Consensus.Tests.Simulation;

/// <summary>
/// One peer's disk: a durable part (hard state, snapshot, log entries) that survives crashes, and
/// writes in flight that complete in order after the disk's latency, or vanish in a crash.
/// </summary>
internal sealed class SimStorage : IZabLogReader
{
    private readonly List<LogEntry> _durable = [];
    private readonly List<PendingWrite> _pending = [];
    private ZabSnapshot _snapshot = ZabSnapshot.Empty;
    private long _nextWriteId;

    private sealed record PendingWrite(long Id, List<LogEntry> Entries, long CompleteAt);

    public HardState Hard { get; set; }

    public long SnapshotZxid => _snapshot.Zxid;

    public long LastDurableZxid => _durable.Count > 0 ? _durable[^1].Zxid : _snapshot.Zxid;

    public int DurableCount => _durable.Count;

    /// <summary>When the last write in flight completes; a new write completes no earlier (the disk is FIFO).</summary>
    public long LastCompletion => _pending.Count > 0 ? _pending[^1].CompleteAt : 0;

    public ZabSnapshot ReadSnapshot() => _snapshot;

    public IReadOnlyList<LogEntry> ReadAfter(long afterZxid, int maxCount)
    {
        if (afterZxid < _snapshot.Zxid) throw new SimulationFailure($"read after {Zxid.Format(afterZxid)}, before the snapshot at {Zxid.Format(_snapshot.Zxid)}");
        var index = FirstAfter(afterZxid);
        return _durable.GetRange(index, Math.Min(maxCount, _durable.Count - index));
    }

    public bool DurablyHolds(long zxid) => zxid <= _snapshot.Zxid || IndexOf(zxid) >= 0;

    public long Enqueue(IReadOnlyList<LogEntry> entries, long completeAt)
    {
        var id = ++_nextWriteId;
        _pending.Add(new PendingWrite(id, [.. entries], Math.Max(completeAt, LastCompletion)));
        return id;
    }

    /// <summary>The newest write still in flight, or 0.</summary>
    public long LastPendingWriteId => _pending.Count > 0 ? _pending[^1].Id : 0;

    public long CompletionOf(long writeId) => _pending.Find(w => w.Id == writeId)?.CompleteAt ?? 0;

    /// <summary>Makes the write and every earlier one durable; false if a crash or a truncation already discarded it.</summary>
    public bool Complete(long writeId)
    {
        if (!_pending.Exists(w => w.Id == writeId)) return false;
        while (_pending.Count > 0 && _pending[0].Id <= writeId)
        {
            foreach (var entry in _pending[0].Entries)
            {
                if (entry.Zxid <= LastDurableZxid) throw new SimulationFailure($"disk write of {Zxid.Format(entry.Zxid)} does not follow {Zxid.Format(LastDurableZxid)}");
                _durable.Add(entry);
            }
            _pending.RemoveAt(0);
        }
        return true;
    }

    public void Truncate(long zxid)
    {
        var index = FirstAfter(zxid);
        _durable.RemoveRange(index, _durable.Count - index);
        foreach (var write in _pending) write.Entries.RemoveAll(e => e.Zxid > zxid);
    }

    public void InstallSnapshot(ZabSnapshot snapshot)
    {
        _snapshot = snapshot;
        _durable.Clear();
        _pending.Clear();
    }

    /// <summary>The shell's own log compaction: the snapshot of its applied state replaces the entries it covers.</summary>
    public void Compact(ZabSnapshot snapshot)
    {
        if (snapshot.Zxid > LastDurableZxid || snapshot.Zxid < _snapshot.Zxid)
            throw new SimulationFailure($"compaction at {Zxid.Format(snapshot.Zxid)} outside the durable log");
        _durable.RemoveRange(0, FirstAfter(snapshot.Zxid));
        _snapshot = snapshot;
    }

    public void Crash() => _pending.Clear();

    private int FirstAfter(long zxid)
    {
        int lo = 0, hi = _durable.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_durable[mid].Zxid <= zxid) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private int IndexOf(long zxid)
    {
        var index = FirstAfter(zxid - 1);
        return index < _durable.Count && _durable[index].Zxid == zxid ? index : -1;
    }
}
