using ConfigCenter.Consensus.Storage;
using ConfigCenter.Server.DataTree;
using ConfigCenter.Server.Persistence;
using ConfigCenter.Server.Pipeline;
using ConfigCenter.Server.Sessions;
using ConfigCenter.Storage;
using ConfigCenter.Storage.Log;
using ConfigCenter.Storage.Quorum;
using ConfigCenter.Storage.Recovery;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Server.Quorum.Storage;

/// <summary>What an ensemble member resumes from: its snapshot (applied), its log after it (not applied) and its epochs.</summary>
internal sealed record QuorumRecoveredState(
    ZkDataTree Tree,
    SessionTracker Sessions,
    long SnapshotZxid,
    IReadOnlyList<LogEntry> Entries,
    HardState HardState,
    long Incarnation)
{
    public long LastLoggedZxid => Entries.Count == 0 ? SnapshotZxid : Entries[^1].Zxid;
}

internal static class QuorumRecovery
{
    /// <summary>
    /// Unlike a standalone server, an ensemble member does not replay its log at startup: the log may end
    /// in proposals that were never committed. The tree stays at the snapshot; Zab hands out the logged
    /// entries to apply once a leader confirms them.
    /// </summary>
    public static QuorumRecoveredState Load(StorageOptions options, long serverId, ServerTime now, ILogger logger)
    {
        var (recovered, (tree, sessions)) = StateRecovery.RecoverAndLoadSnapshot(options, serverId, now, logger);
        var entries = recovered.ReadLogRecords().Select(record => new LogEntry(record.Zxid, record.Data)).ToList();
        var (accepted, current) = EpochFiles.Read(options.DataDir);
        var incarnation = BootCounter.Next(options.DataDir);
        logger.LogInformation("Recovered snapshot 0x{Snapshot:x} ({Nodes} znodes) and {Entries} logged transactions to 0x{Last:x}; acceptedEpoch {Accepted}, currentEpoch {Current}",
            recovered.SnapshotZxid, tree.NodeCount, entries.Count, entries.Count == 0 ? recovered.SnapshotZxid : entries[^1].Zxid, accepted, current);
        return new QuorumRecoveredState(tree, sessions, recovered.SnapshotZxid, entries, new HardState(accepted, current), incarnation);
    }
}
