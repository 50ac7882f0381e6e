using ConfigCenter.Server.Hosting;
using ConfigCenter.Server.Pipeline;
using ConfigCenter.Storage;
using ConfigCenter.Storage.Purge;
using ConfigCenter.Storage.Snapshots;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Server.Persistence;

/// <summary>
/// Takes a snapshot every snapCount transactions (randomized per server, so an ensemble does not
/// snapshot all at once) without stopping writes: the nodes are copied out a chunk per event-loop
/// turn, between requests, and written and fsynced on a background thread. The copy is fuzzy —
/// later chunks may show changes made after the snapshot's zxid — which recovery's replay of the
/// log from that zxid on makes right, as in ZooKeeper.
/// </summary>
internal sealed class Snapshotter
{
    private const int NodesPerTurn = 10_000;

    private readonly StorageOptions _options;
    private readonly Action _rollLog;
    private readonly CoreEventLoop _loop;
    private readonly ILogger _logger;
    private readonly int _snapCount;
    private readonly Random _random;
    // Counted in transactions, not zxids: an ensemble's zxids jump by 2^32 at every new epoch.
    private long _appliedAtLastSnapshot;
    private long _nextSnapshotAfter;
    private bool _inProgress;
    private Task _writing = Task.CompletedTask;

    /// <param name="transactionsSinceSnapshot">Transactions the recovered state holds beyond its snapshot (they count toward the next one).</param>
    public Snapshotter(StorageOptions options, int snapCount, Action rollLog, CoreEventLoop loop, long transactionsSinceSnapshot, ILogger logger, int seed)
    {
        _options = options;
        _snapCount = snapCount;
        _rollLog = rollLog;
        _loop = loop;
        _logger = logger;
        _random = new Random(seed);
        _appliedAtLastSnapshot = -transactionsSinceSnapshot;
        ScheduleNext();
    }

    /// <summary>Runs on the event loop once a snapshot at the given zxid is on disk.</summary>
    public Action<long>? Written { get; set; }

    /// <summary>Completes when the snapshot being written (if any) is on disk.</summary>
    public Task Writing => _writing;

    /// <summary>Runs on the event loop after each batch of events; starts a snapshot when one is due.</summary>
    public void MaybeStart(ZkServerCore core)
    {
        if (_inProgress || core.AppliedTransactions - _appliedAtLastSnapshot < _nextSnapshotAfter) return;
        _inProgress = true;
        var zxid = core.LastZxid;
        _appliedAtLastSnapshot = core.AppliedTransactions;
        var sessions = TreeImage.Sessions(core.Sessions);
        var paths = core.Tree.Nodes.Select(entry => entry.Key).ToArray();
        var nodes = new List<SnapshotNode>(paths.Length);
        // Transactions after this point go to a new segment, so older segments can be purged once the snapshot stands.
        _rollLog();
        _logger.LogInformation("Taking a snapshot at zxid 0x{Zxid:x} ({Nodes} znodes)", zxid, paths.Length);
        CopyChunk(core, zxid, sessions, paths, nodes, 0);
    }

    private void CopyChunk(ZkServerCore core, long zxid, List<SnapshotSession> sessions, string[] paths, List<SnapshotNode> nodes, int start)
    {
        var end = Math.Min(start + NodesPerTurn, paths.Length);
        for (var i = start; i < end; i++)
        {
            // A node deleted since the copy started is simply left out: replay from zxid deletes it anyway.
            if (core.Tree.GetNode(paths[i]) is not { } node) continue;
            nodes.Add(TreeImage.ToSnapshotNode(paths[i], node));
        }
        if (end < paths.Length)
        {
            _loop.Post(c => CopyChunk(c, zxid, sessions, paths, nodes, end));
            return;
        }
        _writing = Task.Run(() => Write(zxid, sessions, nodes));
    }

    private void Write(long zxid, List<SnapshotSession> sessions, List<SnapshotNode> nodes)
    {
        try
        {
            var path = new SnapshotWriter(_options).Write(zxid, sessions, nodes);
            _logger.LogInformation("Snapshot {Path} written", path);
            _loop.Post(_ =>
            {
                Finished();
                Written?.Invoke(zxid);
            });
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Writing the snapshot at zxid 0x{Zxid:x} failed; the log still holds everything", zxid);
            _loop.Post(_ => Finished());
        }
    }

    private void Finished()
    {
        _inProgress = false;
        ScheduleNext();
    }

    /// <summary>Removes snapshots and log segments beyond autopurge.snapRetainCount; runs off the event loop.</summary>
    public void Purge()
    {
        try
        {
            var result = new StoragePurger(_options).Purge();
            _logger.LogInformation("Autopurge: {Result}", result);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Autopurge failed");
        }
    }

    // ZooKeeper waits between snapCount/2 and snapCount transactions, at random, per server.
    private void ScheduleNext() => _nextSnapshotAfter = _snapCount / 2 + _random.Next(Math.Max(1, _snapCount / 2));
}
