using ConfigCenter.Consensus;
using ConfigCenter.Consensus.Tests.Simulation;
using ConfigCenter.Consensus.Storage;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Storage.Log;

namespace ConfigCenter.Server.Tests.Simulation;

/// <summary>
/// The one sequence of committed transactions every server must apply, built from the first server to
/// apply each entry and checked against every other: the same zxid always carries the same bytes, at the
/// same position. Also what the checks ask of it: which request became which transaction, when a session
/// opened and closed, when a path last changed.
/// </summary>
internal sealed class CommittedHistory
{
    private readonly List<(long Zxid, ulong Hash)> _entries = [];
    private readonly Dictionary<long, int> _positions = [];
    private readonly Dictionary<(long Session, int Cxid, OpCode Type), long> _requests = [];
    private readonly Dictionary<long, (long Opened, long Closed)> _sessions = [];
    private readonly Dictionary<string, List<long>> _touches = [];

    public int Count => _entries.Count;

    public long LastZxid => _entries.Count > 0 ? _entries[^1].Zxid : Zxid.None;

    /// <summary>Every session a committed createSession opened: when, and when it was closed (long.MaxValue while open).</summary>
    public IReadOnlyDictionary<long, (long Opened, long Closed)> Sessions => _sessions;

    /// <summary>A server applied <paramref name="entry"/> right after <paramref name="previous"/> (a zxid of this history, or none).</summary>
    public void OnApplied(PeerId server, long previous, LogEntry entry)
    {
        var hash = Hash(entry.Data);
        if (_positions.TryGetValue(entry.Zxid, out var position))
        {
            if (_entries[position].Hash != hash)
                throw new SimulationFailure($"server {server} applied other bytes under {Zxid.Format(entry.Zxid)} than another server");
            var expectedPrevious = position == 0 ? Zxid.None : _entries[position - 1].Zxid;
            if (expectedPrevious != previous)
                throw new SimulationFailure($"server {server} applied {Zxid.Format(entry.Zxid)} after {Zxid.Format(previous)}; the committed history has it after {Zxid.Format(expectedPrevious)}");
            return;
        }
        if (entry.Zxid <= LastZxid || previous != LastZxid)
            throw new SimulationFailure($"server {server} applied {Zxid.Format(entry.Zxid)} after {Zxid.Format(previous)}, forking the committed history that ends at {Zxid.Format(LastZxid)}");
        _positions[entry.Zxid] = _entries.Count;
        _entries.Add((entry.Zxid, hash));
        Index(TxnRecordCodec.Deserialize(entry.Data));
    }

    /// <summary>A snapshot a server installed or started from must be a point of the history.</summary>
    public void CheckPoint(PeerId server, long zxid)
    {
        if (zxid != Zxid.None && !_positions.ContainsKey(zxid))
            throw new SimulationFailure($"server {server} holds a snapshot at {Zxid.Format(zxid)}, which is not a committed zxid");
    }

    /// <summary>The zxid the request became, if it was committed.</summary>
    public long? ZxidOf(long session, int cxid, OpCode type) => _requests.TryGetValue((session, cxid, type), out var zxid) ? zxid : null;

    public bool IsOpenAt(long session, long zxid) =>
        _sessions.TryGetValue(session, out var life) && life.Opened <= zxid && zxid < life.Closed;

    public bool IsClosedBy(long session, long zxid) => _sessions.TryGetValue(session, out var life) && life.Closed <= zxid;

    /// <summary>Whether a committed transaction after <paramref name="after"/>, up to <paramref name="upTo"/>, created, changed or deleted the path.</summary>
    public bool TouchedBetween(string path, long after, long upTo) =>
        _touches.TryGetValue(path, out var zxids) && zxids.Exists(z => z > after && z <= upTo);

    public long LastTouch(string path) => _touches.TryGetValue(path, out var zxids) ? zxids[^1] : Zxid.None;

    private void Index(LoggedTxn logged)
    {
        var header = logged.Header;
        _requests[(header.ClientId, header.Cxid, header.Type)] = header.Zxid;
        switch (logged.Txn)
        {
            case CreateSessionTxn:
                _sessions[header.ClientId] = (header.Zxid, long.MaxValue);
                break;
            case CloseSessionTxn close:
                // A lagging server may still forward a close of a session that already ended: the first close counts.
                if (_sessions.TryGetValue(header.ClientId, out var life) && life.Closed == long.MaxValue) _sessions[header.ClientId] = (life.Opened, header.Zxid);
                foreach (var path in close.PathsToDelete) Touch(path, header.Zxid);
                break;
            case CreateTxn create:
                Touch(create.Path, header.Zxid);
                break;
            case DeleteTxn delete:
                Touch(delete.Path, header.Zxid);
                break;
            case SetDataTxn set:
                Touch(set.Path, header.Zxid);
                break;
        }
    }

    private void Touch(string path, long zxid)
    {
        if (!_touches.TryGetValue(path, out var zxids)) _touches[path] = zxids = [];
        zxids.Add(zxid);
    }

    private static ulong Hash(byte[] data)
    {
        var h = 0xCBF29CE484222325UL;
        foreach (var b in data) h = (h ^ b) * 0x100000001B3UL;
        return h;
    }
}
