using System.Text;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Storage.Log;
using ConfigCenter.Storage.Recovery;
using ConfigCenter.Storage.Snapshots;

namespace ConfigCenter.Storage.Tests.Support;

/// <summary>
/// A small model of the server's tree, applying transactions the way ZkDataTree does (and as
/// forgivingly: creating an existing node or deleting a missing one changes nothing), so tests can
/// check that snapshot plus log replay rebuilds exactly the state that was logged.
/// </summary>
internal sealed class MiniTree
{
    private readonly SortedDictionary<string, Node> _nodes = new(StringComparer.Ordinal);
    private readonly SortedDictionary<long, int> _sessions = [];

    public MiniTree() => _nodes["/"] = new Node([], Acl.OpenAclUnsafe, default);

    public long LastZxid { get; private set; }
    public IReadOnlyDictionary<string, Node> Nodes => _nodes;
    public IReadOnlyDictionary<long, int> Sessions => _sessions;

    public sealed class Node(byte[]? data, IReadOnlyList<Acl> acl, PersistedStat stat)
    {
        public byte[]? Data { get; set; } = data;
        public IReadOnlyList<Acl> Acl { get; set; } = acl;
        public PersistedStat Stat { get; set; } = stat;
    }

    public static MiniTree Load(SnapshotReader snapshot)
    {
        var tree = new MiniTree();
        tree._nodes.Clear();
        foreach (var session in snapshot.Sessions) tree._sessions[session.SessionId] = session.TimeoutMs;
        foreach (var node in snapshot.ReadNodes()) tree._nodes[node.Path] = new Node(node.Data, node.Acl, node.Stat);
        tree.LastZxid = snapshot.Zxid;
        return tree;
    }

    /// <summary>What a restarting server does: load the snapshot (if any), replay the log after it.</summary>
    public static MiniTree Restore(RecoveredStorage recovered)
    {
        MiniTree tree;
        if (recovered.Snapshot is null)
        {
            tree = new MiniTree();
        }
        else
        {
            using var snapshot = recovered.OpenSnapshot();
            tree = Load(snapshot);
        }
        foreach (var txn in recovered.ReadLog()) tree.Apply(txn);
        return tree;
    }

    public List<SnapshotSession> SnapshotSessions() => _sessions.Select(s => new SnapshotSession(s.Key, s.Value)).ToList();

    /// <summary>Parents sort before their children, so path order is a valid snapshot order.</summary>
    public List<SnapshotNode> SnapshotNodes() => _nodes.Select(n => new SnapshotNode(n.Key, n.Value.Data, n.Value.Acl, n.Value.Stat)).ToList();

    public void Apply(LoggedTxn logged)
    {
        Apply(logged.Header, logged.Header.Type, logged.Txn);
        LastZxid = Math.Max(LastZxid, logged.Zxid);
    }

    /// <summary>Every node, session and stat field as text: equal dumps mean equal states.</summary>
    public string Dump()
    {
        var text = new StringBuilder();
        foreach (var (id, timeout) in _sessions) text.Append($"session {id:x} {timeout}\n");
        foreach (var (path, node) in _nodes)
        {
            var data = node.Data is null ? "null" : Convert.ToHexString(node.Data);
            text.Append($"{path} {data} {string.Join(",", node.Acl)} {node.Stat}\n");
        }
        return text.ToString();
    }

    public bool HasNode(string path) => _nodes.ContainsKey(path);

    public int ChildCount(string path) => _nodes.Keys.Count(p => p != path && Parent(p) == path);

    public IEnumerable<string> EphemeralsOf(long session) =>
        _nodes.Where(n => n.Value.Stat.EphemeralOwner == session).Select(n => n.Key).ToList();

    public static string Parent(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash == 0 ? "/" : path[..slash];
    }

    private void Apply(in TxnHeader header, OpCode type, Txn txn)
    {
        switch (txn)
        {
            case CreateTxn create:
                Create(header, create.Path, create.Data, create.Acl, create.Ephemeral ? header.ClientId : 0, create.ParentCVersion);
                break;
            case CreateContainerTxn container:
                Create(header, container.Path, container.Data, container.Acl, long.MinValue, container.ParentCVersion);
                break;
            case CreateTtlTxn ttl:
                Create(header, ttl.Path, ttl.Data, ttl.Acl, unchecked((long)0xFF00_0000_0000_0000) | ttl.Ttl, ttl.ParentCVersion);
                break;
            case DeleteTxn delete:
                Delete(delete.Path, header.Zxid);
                break;
            case SetDataTxn setData when _nodes.TryGetValue(setData.Path, out var node):
                node.Data = setData.Data;
                node.Stat = node.Stat with { Version = setData.Version, Mtime = header.Time, Mzxid = header.Zxid };
                break;
            case SetAclTxn setAcl when _nodes.TryGetValue(setAcl.Path, out var node):
                node.Acl = setAcl.Acl;
                node.Stat = node.Stat with { Aversion = setAcl.Version };
                break;
            case CreateSessionTxn session:
                _sessions[header.ClientId] = session.Timeout;
                break;
            case CloseSessionTxn:
                foreach (var path in EphemeralsOf(header.ClientId)) Delete(path, header.Zxid);
                _sessions.Remove(header.ClientId);
                break;
            case MultiTxn multi:
                foreach (var entry in multi.Entries) Apply(header, entry.Type, entry.Txn);
                break;
        }
    }

    private void Create(in TxnHeader header, string path, byte[]? data, IReadOnlyList<Acl> acl, long owner, int parentCVersion)
    {
        if (_nodes.ContainsKey(path) || !_nodes.TryGetValue(Parent(path), out var parent)) return;
        if (parentCVersion == -1) parentCVersion = parent.Stat.Cversion + 1;
        if (parentCVersion > parent.Stat.Cversion) parent.Stat = parent.Stat with { Cversion = parentCVersion, Pzxid = header.Zxid };
        _nodes[path] = new Node(data, acl, new PersistedStat(header.Zxid, header.Zxid, header.Time, header.Time, 0, 0, 0, owner, header.Zxid));
    }

    private void Delete(string path, long zxid)
    {
        if (!_nodes.Remove(path)) return;
        var parent = _nodes[Parent(path)];
        if (zxid > parent.Stat.Pzxid) parent.Stat = parent.Stat with { Pzxid = zxid };
    }
}
