using ConfigCenter.Protocol;

namespace ConfigCenter.Client.Recipes.Caches;

/// <summary>
/// The nodes a tree cache holds, by path, with each node's child names; turns every change into the
/// events that describe it. Not thread-safe: the cache guards it.
/// </summary>
internal sealed class CachedTree(string root)
{
    private readonly Dictionary<string, ChildData> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _children = new(StringComparer.Ordinal);

    public int Count => _nodes.Count;

    public ChildData? Get(string path) => _nodes.GetValueOrDefault(path);

    public bool Contains(string path) => _nodes.ContainsKey(path);

    public IReadOnlyDictionary<string, ChildData>? ChildrenOf(string path)
    {
        if (!_nodes.ContainsKey(path)) return null;
        return _children.TryGetValue(path, out var names)
            ? names.ToDictionary(name => name, name => _nodes[ZkPath.Combine(path, name)], StringComparer.Ordinal)
            : new Dictionary<string, ChildData>(StringComparer.Ordinal);
    }

    public IReadOnlyDictionary<string, ChildData> Snapshot() => new Dictionary<string, ChildData>(_nodes, StringComparer.Ordinal);

    public IEnumerable<string> ChildPathsOf(string path) =>
        _children.TryGetValue(path, out var names) ? names.Select(name => ZkPath.Combine(path, name)).ToList() : [];

    /// <summary>Adds or replaces a node (whose parent, unless it is the root, is cached); the event, or null when nothing changed.</summary>
    public TreeCacheEvent? Put(ChildData data)
    {
        var old = _nodes.GetValueOrDefault(data.Path);
        if (old is not null && !data.DiffersFrom(old)) return null;
        _nodes[data.Path] = data;
        if (old is not null) return new TreeCacheEvent(TreeCacheEventType.NodeUpdated, data, old);
        if (data.Path != root)
        {
            var parent = ZkPath.Parent(data.Path);
            if (!_children.TryGetValue(parent, out var names)) _children[parent] = names = new HashSet<string>(StringComparer.Ordinal);
            names.Add(ZkPath.Name(data.Path));
        }
        return new TreeCacheEvent(TreeCacheEventType.NodeAdded, data);
    }

    /// <summary>Removes a node and everything cached below it; the removal events, deepest first.</summary>
    public List<TreeCacheEvent> RemoveSubtree(string path)
    {
        var removed = new List<TreeCacheEvent>();
        if (!_nodes.ContainsKey(path)) return removed;
        foreach (var child in ChildPathsOf(path)) removed.AddRange(RemoveSubtree(child));
        var data = _nodes[path];
        _nodes.Remove(path);
        _children.Remove(path);
        if (path != root && _children.TryGetValue(ZkPath.Parent(path), out var siblings)) siblings.Remove(ZkPath.Name(path));
        removed.Add(new TreeCacheEvent(TreeCacheEventType.NodeRemoved, data));
        return removed;
    }

    /// <summary>
    /// Makes the cache equal to <paramref name="fresh"/> (a full read of the tree, parents before children):
    /// removals first (deepest first), then additions and updates (parents first).
    /// </summary>
    public List<TreeCacheEvent> Replace(IReadOnlyList<ChildData> fresh)
    {
        var events = new List<TreeCacheEvent>();
        var present = fresh.Select(node => node.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _nodes.Keys.Where(path => !present.Contains(path)).OrderByDescending(Depth).ThenBy(path => path, StringComparer.Ordinal).ToList())
        {
            if (_nodes.ContainsKey(gone)) events.AddRange(RemoveSubtree(gone));
        }
        foreach (var node in fresh)
        {
            if (Put(node) is { } change) events.Add(change);
        }
        return events;
    }

    private static int Depth(string path) => path.Count(c => c == '/');
}
