using System.Runtime.InteropServices;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Server.Watches;

namespace ConfigCenter.Server.DataTree;

/// <summary>
/// The replicated state: znodes by path, ephemerals by session, containers and TTL nodes, and
/// the watches their changes fire. It knows nothing of networks or clocks: transactions come in
/// with their header (zxid, time) and are applied in zxid order, so every replica ends up equal.
/// </summary>
internal sealed class ZkDataTree
{
    public const string ZooKeeperPath = "/zookeeper";
    public const string QuotaPath = "/zookeeper/quota";
    public const string ConfigPath = "/zookeeper/config";

    // Beyond this the dictionary grows as nodes arrive, as it would without presizing.
    private const int MaxPresizedNodes = 1 << 22;

    private readonly Dictionary<string, DataNode> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DataNode>.AlternateLookup<ReadOnlySpan<char>> _nodesBySpan;
    private readonly List<string> _unlinked = [];
    private readonly Dictionary<long, SortedSet<string>> _ephemerals = [];
    private readonly SortedSet<string> _containers = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _ttls = new(StringComparer.Ordinal);
    private readonly AclCache _aclCache = new();

    public ZkDataTree()
    {
        _nodesBySpan = _nodes.GetAlternateLookup<ReadOnlySpan<char>>();
        _nodes[ZkPath.Root] = new DataNode([], Acl.OpenAclUnsafe, 0, 0, 0);
        AddSystemNode(ZooKeeperPath, Acl.OpenAclUnsafe);
        AddSystemNode(QuotaPath, Acl.OpenAclUnsafe);
        AddSystemNode(ConfigPath, Acl.ReadAclUnsafe);
    }

    public WatchManager DataWatches { get; } = new();
    public WatchManager ChildWatches { get; } = new();
    public long LastProcessedZxid { get; private set; }
    public int NodeCount => _nodes.Count;
    public long ApproximateDataSize { get; private set; }
    public IReadOnlyCollection<string> Containers => _containers;
    public IReadOnlyCollection<string> Ttls => _ttls;
    public IReadOnlyDictionary<long, SortedSet<string>> EphemeralsBySession => _ephemerals;

    /// <summary>The node at the path; "" names the root too, as in ZooKeeper, whose reads accept it.</summary>
    public DataNode? GetNode(string path) => _nodes.GetValueOrDefault(path.Length == 0 ? ZkPath.Root : path);

    /// <summary>The paths ZooKeeper owns, which clients may neither delete nor write through a transaction.</summary>
    public static bool IsSpecialPath(string path) => path is ZkPath.Root or ZooKeeperPath or QuotaPath or ConfigPath;

    public IReadOnlyCollection<string> EphemeralsOf(long sessionId) =>
        _ephemerals.TryGetValue(sessionId, out var paths) ? paths : [];

    public int CountDescendants(string path)
    {
        var node = GetNode(path);
        if (node is null) return 0;
        var count = 0;
        foreach (var child in node.Children) count += 1 + CountDescendants(ZkPath.Combine(path, child));
        return count;
    }

    /// <summary>Applies one transaction (already validated by the preparer) and fires its watches.</summary>
    public TxnResult Apply(in TxnHeader header, Txn txn)
    {
        var result = ApplyInner(header, header.Type, txn);
        if (header.Zxid > LastProcessedZxid) LastProcessedZxid = header.Zxid;
        return result;
    }

    /// <summary>
    /// Applies a transaction read back from the log during recovery. Snapshots are fuzzy (taken while
    /// writes go on), so a replayed create may find its node already there; the parent's cversion and
    /// pzxid then still move forward to where the create left them, as ZooKeeper does.
    /// </summary>
    public TxnResult ApplyReplayed(in TxnHeader header, Txn txn)
    {
        var result = Apply(header, txn);
        FixParentAfterReplayedCreate(header.Zxid, txn, result);
        if (txn is MultiTxn multi && result.Multi is { } results)
        {
            for (var i = 0; i < results.Count; i++) FixParentAfterReplayedCreate(header.Zxid, multi.Entries[i].Txn, results[i]);
        }
        return result;
    }

    private void FixParentAfterReplayedCreate(long zxid, Txn txn, TxnResult result)
    {
        if (result.Err != ErrorCode.NodeExists) return;
        var (path, parentCversion) = txn switch
        {
            CreateTxn c => (c.Path, c.ParentCVersion),
            CreateContainerTxn c => (c.Path, c.ParentCVersion),
            CreateTtlTxn c => (c.Path, c.ParentCVersion),
            _ => (null, 0),
        };
        if (path is null || !_nodes.TryGetValue(ZkPath.Parent(path), out var parent)) return;
        if (parentCversion > parent.Cversion)
        {
            parent.Cversion = parentCversion;
            parent.Pzxid = zxid;
        }
    }

    /// <summary>Every node with its path, for a snapshot. Enumerate on the state machine's thread only.</summary>
    public IEnumerable<KeyValuePair<string, DataNode>> Nodes => _nodes;

    /// <summary>Makes room for a snapshot's nodes before <see cref="RestoreNode"/> adds them.</summary>
    public void BeginRestore(long nodeCount)
    {
        // The count comes from a trailer whose checksum is only confirmed after the last node: cap it.
        _nodes.EnsureCapacity((int)Math.Clamp(nodeCount, 0, MaxPresizedNodes));
        _unlinked.Clear();
    }

    /// <summary>
    /// Puts a node read from a snapshot in place, under its parent when that is already there;
    /// <see cref="CompleteRestore"/> links the others (a snapshot need not list parents first).
    /// </summary>
    public void RestoreNode(string path, DataNode node)
    {
        node.Acl = _aclCache.Intern(node.Acl);
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_nodes, path, out var replaced);
        // Children already linked to the node being replaced (the empty tree's system nodes) move over.
        if (replaced) node.AdoptChildren(slot!);
        slot = node;
        if (path == ZkPath.Root) return;
        var slash = path.LastIndexOf('/');
        var parentPath = slash <= 0 ? ZkPath.Root.AsSpan() : path.AsSpan(0, slash);
        if (_nodesBySpan.TryGetValue(parentPath, out var parent)) parent.AddChild(path[(slash + 1)..]);
        else _unlinked.Add(path);
    }

    /// <summary>Links the restored nodes whose parent came later and rebuilds the indexes a snapshot does not store.</summary>
    public void CompleteRestore(long lastZxid)
    {
        foreach (var path in _unlinked)
        {
            if (!_nodes.TryGetValue(ZkPath.Parent(path), out var parent))
                throw new InvalidDataException($"snapshot has {path} but not its parent");
            parent.AddChild(ZkPath.Name(path));
        }
        _unlinked.Clear();
        _unlinked.TrimExcess();
        _ephemerals.Clear();
        _containers.Clear();
        _ttls.Clear();
        ApproximateDataSize = 0;
        foreach (var (path, node) in _nodes)
        {
            ApproximateDataSize += path.Length + node.DataLength;
            var owner = node.EphemeralOwner;
            if (owner == EphemeralOwners.Container) _containers.Add(path);
            else if (EphemeralOwners.IsTtl(owner)) _ttls.Add(path);
            else if (owner != 0)
            {
                if (!_ephemerals.TryGetValue(owner, out var owned)) _ephemerals[owner] = owned = new SortedSet<string>(StringComparer.Ordinal);
                owned.Add(path);
            }
        }
        LastProcessedZxid = lastZxid;
    }

    private TxnResult ApplyInner(in TxnHeader header, OpCode type, Txn txn)
    {
        switch (txn)
        {
            case CreateTxn create:
                return Create(header, type, create.Path, create.Data, create.Acl, create.Ephemeral ? header.ClientId : 0, create.ParentCVersion);
            case CreateContainerTxn container:
                return Create(header, type, container.Path, container.Data, container.Acl, EphemeralOwners.Container, container.ParentCVersion);
            case CreateTtlTxn ttl:
                return Create(header, type, ttl.Path, ttl.Data, ttl.Acl, EphemeralOwners.ForTtl(ttl.Ttl), ttl.ParentCVersion);
            case DeleteTxn delete:
                return Delete(type, delete.Path, header.Zxid);
            case SetDataTxn setData:
                return SetData(header, setData);
            case SetAclTxn setAcl:
                return SetAcl(setAcl);
            case CheckVersionTxn check:
                return new TxnResult(type, ErrorCode.Ok, check.Path, GetNode(check.Path)?.ToStat());
            case CloseSessionTxn:
                KillSession(header.ClientId, header.Zxid);
                return new TxnResult(type, ErrorCode.Ok);
            case CreateSessionTxn:
                return new TxnResult(type, ErrorCode.Ok);
            case ErrorTxn error:
                return new TxnResult(OpCode.Error, error.Err);
            case MultiTxn multi:
                return ApplyMulti(header, multi);
            default:
                throw new InvalidOperationException($"unknown transaction {txn.GetType().Name}");
        }
    }

    private TxnResult ApplyMulti(in TxnHeader header, MultiTxn multi)
    {
        // The preparer already turned a failed multi into error entries only; apply entries in order.
        var results = new List<TxnResult>(multi.Entries.Count);
        var err = ErrorCode.Ok;
        foreach (var entry in multi.Entries)
        {
            var sub = ApplyInner(header, entry.Type, entry.Txn);
            if (sub.Err != ErrorCode.Ok && err == ErrorCode.Ok) err = sub.Err;
            results.Add(sub);
        }
        return new TxnResult(OpCode.Multi, err, Multi: results);
    }

    private TxnResult Create(in TxnHeader header, OpCode type, string path, byte[]? data, IReadOnlyList<Acl> acl, long ephemeralOwner, int parentCVersion)
    {
        var parentPath = ZkPath.Parent(path);
        if (!_nodes.TryGetValue(parentPath, out var parent)) return new TxnResult(type, ErrorCode.NoNode, path);
        var name = ZkPath.Name(path);
        if (_nodes.ContainsKey(path)) return new TxnResult(type, ErrorCode.NodeExists, path);

        if (parentCVersion == -1) parentCVersion = parent.Cversion + 1;
        if (parentCVersion > parent.Cversion)
        {
            parent.Cversion = parentCVersion;
            parent.Pzxid = header.Zxid;
        }
        // A null buffer stays null, as in ZooKeeper's DataTree: getData must answer it with a null buffer, not an empty one.
        var node = new DataNode(data, _aclCache.Intern(acl), header.Zxid, header.Time, ephemeralOwner);
        parent.AddChild(name);
        _nodes[path] = node;
        ApproximateDataSize += path.Length + node.DataLength;

        if (ephemeralOwner == EphemeralOwners.Container) _containers.Add(path);
        else if (EphemeralOwners.IsTtl(ephemeralOwner)) _ttls.Add(path);
        else if (ephemeralOwner != 0)
        {
            if (!_ephemerals.TryGetValue(ephemeralOwner, out var owned))
            {
                owned = new SortedSet<string>(StringComparer.Ordinal);
                _ephemerals[ephemeralOwner] = owned;
            }
            owned.Add(path);
        }

        DataWatches.Trigger(path, EventType.NodeCreated);
        ChildWatches.Trigger(parentPath, EventType.NodeChildrenChanged);
        return new TxnResult(type, ErrorCode.Ok, path, node.ToStat());
    }

    private TxnResult Delete(OpCode type, string path, long zxid)
    {
        if (!_nodes.TryGetValue(path, out var node)) return new TxnResult(type, ErrorCode.NoNode, path);
        var parentPath = ZkPath.Parent(path);
        var parent = _nodes[parentPath];
        parent.RemoveChild(ZkPath.Name(path));
        // A later create may already have raised pzxid; never move it back.
        if (zxid > parent.Pzxid) parent.Pzxid = zxid;
        _nodes.Remove(path);
        ApproximateDataSize -= path.Length + node.DataLength;

        var owner = node.EphemeralOwner;
        if (owner == EphemeralOwners.Container) _containers.Remove(path);
        else if (EphemeralOwners.IsTtl(owner)) _ttls.Remove(path);
        else if (owner != 0 && _ephemerals.TryGetValue(owner, out var owned))
        {
            owned.Remove(path);
            if (owned.Count == 0) _ephemerals.Remove(owner);
        }

        var fired = DataWatches.Trigger(path, EventType.NodeDeleted);
        ChildWatches.Trigger(path, EventType.NodeDeleted, fired);
        ChildWatches.Trigger(parentPath, EventType.NodeChildrenChanged);
        return new TxnResult(type, ErrorCode.Ok, path);
    }

    private TxnResult SetData(in TxnHeader header, SetDataTxn txn)
    {
        if (!_nodes.TryGetValue(txn.Path, out var node)) return new TxnResult(OpCode.SetData, ErrorCode.NoNode, txn.Path);
        ApproximateDataSize += (txn.Data?.Length ?? 0) - node.DataLength;
        node.Data = txn.Data; // null stays null, as on create
        node.Version = txn.Version;
        node.Mtime = header.Time;
        node.Mzxid = header.Zxid;
        DataWatches.Trigger(txn.Path, EventType.NodeDataChanged);
        return new TxnResult(OpCode.SetData, ErrorCode.Ok, txn.Path, node.ToStat());
    }

    private TxnResult SetAcl(SetAclTxn txn)
    {
        if (!_nodes.TryGetValue(txn.Path, out var node)) return new TxnResult(OpCode.SetAcl, ErrorCode.NoNode, txn.Path);
        node.Acl = _aclCache.Intern(txn.Acl);
        node.Aversion = txn.Version;
        return new TxnResult(OpCode.SetAcl, ErrorCode.Ok, txn.Path, node.ToStat());
    }

    private void KillSession(long sessionId, long zxid)
    {
        if (!_ephemerals.TryGetValue(sessionId, out var owned)) return;
        foreach (var path in owned.ToArray()) Delete(OpCode.Delete, path, zxid);
    }

    private void AddSystemNode(string path, IReadOnlyList<Acl> acl)
    {
        _nodes[path] = new DataNode([], acl, 0, 0, 0);
        _nodes[ZkPath.Parent(path)].AddChild(ZkPath.Name(path));
    }
}
