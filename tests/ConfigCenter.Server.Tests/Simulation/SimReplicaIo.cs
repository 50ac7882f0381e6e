using ConfigCenter.Consensus;
using ConfigCenter.Consensus.Storage;
using ConfigCenter.Server.DataTree;
using ConfigCenter.Server.Persistence;
using ConfigCenter.Server.Pipeline;
using ConfigCenter.Server.Quorum;
using ConfigCenter.Server.Sessions;
using ConfigCenter.Storage.Snapshots;

namespace ConfigCenter.Server.Tests.Simulation;

/// <summary>
/// The disk and network of one server's life, as <see cref="ReplicaCore"/> sees them: writes go to the
/// simulated disk, messages into the simulator's network. At the rewrites (snapshot install, truncation,
/// epochs) the run may crash the server just before or just after the write.
/// </summary>
internal sealed class SimReplicaIo(ServerSimulation simulation, SimServer server) : IReplicaDisk, IReplicaNetwork
{
    private readonly int _incarnation = server.Incarnation;

    public RestoredState InstallSnapshot(ZabSnapshot snapshot, ServerTime now)
    {
        simulation.MaybeCrashAtRewrite(server, "before installing a snapshot");
        server.Disk.InstallSnapshot(snapshot);
        simulation.MaybeCrashAtRewrite(server, "after installing a snapshot");
        simulation.OnSnapshotInstalled(server, snapshot.Zxid);
        return Load(snapshot, server.Id.Value, now);
    }

    public void TruncateAfter(long zxid)
    {
        simulation.MaybeCrashAtRewrite(server, $"before truncating after {Zxid.Format(zxid)}");
        var durable = server.Disk.TruncateAfter(zxid);
        simulation.MaybeCrashAtRewrite(server, $"after truncating after {Zxid.Format(zxid)}");
        // As the server's log: the rewrite flushed what was queued, reported as a fresh input.
        simulation.ReportDurable(server, _incarnation, durable);
    }

    public void WriteHardState(HardState hard)
    {
        simulation.MaybeCrashAtRewrite(server, $"before writing {hard}");
        server.Disk.Hard = hard;
        simulation.MaybeCrashAtRewrite(server, $"after writing {hard}");
    }

    public void Append(LogEntry entry) => simulation.Append(server, entry);

    public void Send(PeerId to, object message) => simulation.SendPeer(server, to, message);

    /// <summary>The tree and sessions a snapshot image holds; an empty image is the empty tree.</summary>
    public static RestoredState Load(ZabSnapshot snapshot, long serverId, ServerTime now)
    {
        if (snapshot.Data.Length == 0) return new RestoredState(new ZkDataTree(), new SessionTracker(serverId, now.WallMs));
        using var reader = SnapshotReader.OpenImage($"snapshot 0x{snapshot.Zxid:x}", snapshot.Data);
        return TreeImage.Load(reader, serverId, now);
    }
}
