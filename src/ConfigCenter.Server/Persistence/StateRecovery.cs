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
        var (recovered, (tree, sessions)) = RecoverAndLoadSnapshot(options, serverId, now, logger);
        foreach (var (header, txn) in recovered.ReadLog())
        {
            tree.ApplyReplayed(header, txn);
            sessions.Apply(header, txn, now.ElapsedMs);
        }
        logger.LogInformation("Recovered {Nodes} znodes and {Sessions} sessions up to zxid 0x{Zxid:x} (snapshot 0x{Snapshot:x} plus {Records} logged transactions)",
            tree.NodeCount, sessions.Count, tree.LastProcessedZxid, recovered.SnapshotZxid, recovered.LogRecordCount);
        return new RecoveredState(tree, sessions, recovered.SnapshotZxid, recovered.LogRecordCount);
    }

    /// <summary>
    /// Finds the newest sound snapshot and the log after it, loading the snapshot in the same read that
    /// verifies it (an empty tree without one), and logs what had to be repaired or skipped.
    /// </summary>
    public static (RecoveredStorage Storage, RestoredState Snapshot) RecoverAndLoadSnapshot(StorageOptions options, long serverId, ServerTime now, ILogger logger)
    {
        var loaded = new StorageRecovery(options).Recover(reader => TreeImage.Load(reader, serverId, now));
        var recovered = loaded.Storage;
        foreach (var repair in recovered.Repairs)
            logger.LogWarning("Recovery repaired {Path}: {Kind} at offset {Offset} ({Detail})", repair.Path, repair.Kind, repair.Offset, repair.Detail);
        foreach (var rejected in recovered.RejectedSnapshots)
            logger.LogError("Skipped an unreadable snapshot, falling back to an older one: {Message}", rejected.Message);
        return (recovered, loaded.Image ?? new RestoredState(new ZkDataTree(), new SessionTracker(serverId, now.WallMs)));
    }
}
