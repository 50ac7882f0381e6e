using ConfigCenter.Protocol.Records;
using ConfigCenter.Server.DataTree;
using ConfigCenter.Server.Pipeline;
using ConfigCenter.Server.Sessions;
using ConfigCenter.Storage;
using ConfigCenter.Storage.Recovery;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Server.Persistence;

/// <summary>The state rebuilt at startup: the newest sound snapshot, then every logged transaction after it.</summary>
internal sealed record RecoveredState(ZkDataTree Tree, SessionTracker Sessions, long SnapshotZxid, long LogRecords);

internal static class StateRecovery
{
    /// <summary>
    /// Loads the state. A torn log tail is cut; corruption before it throws a
    /// <see cref="StorageCorruptedException"/> naming the file and offset (unless the options allow
    /// falling back to an older snapshot). Restored sessions get their full timeout from now, as in ZooKeeper.
    /// </summary>
    public static RecoveredState Load(StorageOptions options, long serverId, ServerTime now, ILogger logger)
    {
        var recovered = new StorageRecovery(options).Recover();
        foreach (var repair in recovered.Repairs)
            logger.LogWarning("Recovery repaired {Path}: {Kind} at offset {Offset} ({Detail})", repair.Path, repair.Kind, repair.Offset, repair.Detail);
        foreach (var rejected in recovered.RejectedSnapshots)
            logger.LogError("Skipped an unreadable snapshot, falling back to an older one: {Message}", rejected.Message);

        var tree = new ZkDataTree();
        var sessions = new SessionTracker(serverId, now.WallMs);
        if (recovered.Snapshot is not null)
        {
            using var snapshot = recovered.OpenSnapshot();
            foreach (var node in snapshot.ReadNodes())
            {
                var s = node.Stat;
                tree.RestoreNode(node.Path, new DataNode(node.Data, node.Acl, s.Czxid, s.Mzxid, s.Pzxid, s.Ctime, s.Mtime, s.Version, s.Cversion, s.Aversion, s.EphemeralOwner));
            }
            tree.CompleteRestore(snapshot.Zxid);
            foreach (var session in snapshot.Sessions) sessions.Add(session.SessionId, session.TimeoutMs, now.ElapsedMs);
        }

        foreach (var (header, txn) in recovered.ReadLog())
        {
            tree.ApplyReplayed(header, txn);
            switch (txn)
            {
                case CreateSessionTxn create when sessions.Get(header.ClientId) is null:
                    sessions.Add(header.ClientId, create.Timeout, now.ElapsedMs);
                    break;
                case CloseSessionTxn:
                    sessions.Remove(header.ClientId);
                    break;
            }
        }
        logger.LogInformation("Recovered {Nodes} znodes and {Sessions} sessions up to zxid 0x{Zxid:x} (snapshot 0x{Snapshot:x} plus {Records} logged transactions)",
            tree.NodeCount, sessions.Count, tree.LastProcessedZxid, recovered.SnapshotZxid, recovered.LogRecordCount);
        return new RecoveredState(tree, sessions, recovered.SnapshotZxid, recovered.LogRecordCount);
    }
}
