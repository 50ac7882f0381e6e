using ConfigCenter.Configuration.Mapping;
using ConfigCenter.Protocol;

namespace ConfigCenter.Configuration.Sync;

/// <summary>
/// The provider's copy of the configuration subtree: every known znode with its last read status and
/// last good value. Cycles work on a clone and swap it in only once the clone is a consistent cut.
/// </summary>
internal sealed class SubtreeMirror
{
    private readonly Dictionary<string, MirroredNode> _nodes;

    public SubtreeMirror(string root) : this(root, new Dictionary<string, MirroredNode>(StringComparer.Ordinal)) { }

    private SubtreeMirror(string root, Dictionary<string, MirroredNode> nodes)
    {
        Root = root;
        _nodes = nodes;
    }

    public string Root { get; }

    public int Count => _nodes.Count;

    public IEnumerable<string> Paths => _nodes.Keys;

    public SubtreeMirror Clone() => new(Root, new Dictionary<string, MirroredNode>(_nodes, StringComparer.Ordinal));

    public bool Contains(string path) => _nodes.ContainsKey(path);

    public MirroredNode? Find(string path) => _nodes.GetValueOrDefault(path);

    public void Set(string path, MirroredNode node) => _nodes[path] = node;

    /// <summary>Forgets a node and everything known below it.</summary>
    public void RemoveSubtree(string path)
    {
        foreach (var known in _nodes.Keys.Where(known => ZkPath.IsAtOrBelow(known, path)).ToList()) _nodes.Remove(known);
    }

    /// <summary>The known direct children of a node.</summary>
    public IEnumerable<string> KnownChildrenOf(string path) =>
        _nodes.Keys.Where(known => known != path && known != ZkPath.Root && ZkPath.Parent(known) == path);

    /// <summary>
    /// The flattened configuration. Nodes are applied in ordinal path order, so an ancestor's JSON comes
    /// before its descendants and a key set by a descendant znode wins over the same key in the ancestor's JSON.
    /// </summary>
    public Dictionary<string, string?> BuildConfiguration()
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (_, node) in _nodes.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            foreach (var (key, value) in node.Value.Entries) data[key] = value;
        return data;
    }

    /// <summary>The key a node's own value is stored under.</summary>
    public string KeyOf(string path) => ZnodeKeyMapper.ToKey(Root, path);
}
