using ConfigCenter.Server.DataTree;

namespace ConfigCenter.Server.Pipeline;

/// <summary>
/// The effect of prepared but not yet applied transactions, layered over the data tree (ZooKeeper's
/// outstandingChanges). Preparing a request reads through it, so a multi's later ops see its
/// earlier ops, and requests prepared while earlier ones wait for disk or quorum see them too.
/// </summary>
internal sealed class PendingChanges(ZkDataTree tree)
{
    private readonly Dictionary<string, ChangeRecord> _latest = new(StringComparer.Ordinal);
    private readonly Queue<ChangeRecord> _inZxidOrder = new();

    public int Count => _latest.Count;

    /// <summary>The node as prepared requests will leave it; null when it will not exist.</summary>
    public ChangeRecord? Get(string path)
    {
        if (_latest.TryGetValue(path, out var record)) return record.Exists ? record : null;
        var node = tree.GetNode(path);
        if (node is null) return null;
        return new ChangeRecord(path, node.Mzxid, true, node.Version, node.Cversion, node.Aversion, node.EphemeralOwner, node.ChildCount, node.Acl);
    }

    /// <summary>The newest prepared change of every path that has one.</summary>
    public IEnumerable<ChangeRecord> Changed => _latest.Values;

    public void Add(ChangeRecord record)
    {
        _latest[record.Path] = record;
        _inZxidOrder.Enqueue(record);
    }

    /// <summary>Once a transaction is applied the tree itself shows its effect: forget its records.</summary>
    public void Retire(long appliedZxid)
    {
        while (_inZxidOrder.TryPeek(out var oldest) && oldest.Zxid <= appliedZxid)
        {
            _inZxidOrder.Dequeue();
            if (_latest.TryGetValue(oldest.Path, out var latest) && ReferenceEquals(latest, oldest)) _latest.Remove(oldest.Path);
        }
    }

    /// <summary>Forgets every prepared change: the log refused them, so none will be applied.</summary>
    public void Clear()
    {
        _latest.Clear();
        _inZxidOrder.Clear();
    }

    /// <summary>Marks where a multi starts, so its records can be rolled back if one of its ops fails.</summary>
    public Checkpoint Save() => new(new Dictionary<string, ChangeRecord>(_latest, StringComparer.Ordinal), _inZxidOrder.ToArray());

    public void Restore(Checkpoint checkpoint)
    {
        _latest.Clear();
        foreach (var (path, record) in checkpoint.Latest) _latest[path] = record;
        _inZxidOrder.Clear();
        foreach (var record in checkpoint.Ordered) _inZxidOrder.Enqueue(record);
    }

    internal sealed record Checkpoint(Dictionary<string, ChangeRecord> Latest, ChangeRecord[] Ordered);
}
