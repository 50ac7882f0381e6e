using ConfigCenter.Server.DataTree;
using ConfigCenter.Server.Pipeline;
using ConfigCenter.Server.Sessions;
using ConfigCenter.Storage.Snapshots;

namespace ConfigCenter.Server.Persistence;

/// <summary>Converts between the in-memory tree and the snapshot format, both ways.</summary>
internal static class TreeImage
{
    public static SnapshotNode ToSnapshotNode(string path, DataNode node)
    {
        var stat = new PersistedStat(node.Czxid, node.Mzxid, node.Ctime, node.Mtime, node.Version, node.Cversion, node.Aversion, node.EphemeralOwner, node.Pzxid);
        return new SnapshotNode(path, node.Data, node.Acl, stat);
    }

    /// <summary>The sessions a snapshot holds: those whose createSession was applied, not those still being created.</summary>
    public static List<SnapshotSession> Sessions(SessionTracker sessions) =>
        sessions.All.Where(s => s.Committed).Select(s => new SnapshotSession(s.Id, s.TimeoutMs)).ToList();

    /// <summary>Builds a tree and session table from a snapshot, reading all its nodes; restored sessions get their full timeout from now.</summary>
    public static RestoredState Load(SnapshotReader snapshot, long serverId, ServerTime now)
    {
        var tree = new ZkDataTree();
        var sessions = new SessionTracker(serverId, now.WallMs);
        tree.BeginRestore(snapshot.NodeCount);
        // Another thread inflates and decodes the nodes while this one builds the tree from them.
        foreach (var batch in snapshot.ReadNodeBatchesAhead())
        {
            foreach (ref readonly var node in batch.Span)
            {
                var s = node.Stat;
                tree.RestoreNode(node.Path, new DataNode(node.Data, node.Acl, s.Czxid, s.Mzxid, s.Pzxid, s.Ctime, s.Mtime, s.Version, s.Cversion, s.Aversion, s.EphemeralOwner));
            }
        }
        tree.CompleteRestore(snapshot.Zxid);
        foreach (var session in snapshot.Sessions) sessions.Add(session.SessionId, session.TimeoutMs, now.ElapsedMs).Committed = true;
        return new RestoredState(tree, sessions);
    }
}
