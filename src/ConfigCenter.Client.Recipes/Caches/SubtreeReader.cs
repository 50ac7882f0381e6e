using ConfigCenter.Client.Exceptions;
using ConfigCenter.Client.Watches;
using ConfigCenter.Protocol;

namespace ConfigCenter.Client.Recipes.Caches;

/// <summary>
/// Reads a whole subtree (data and children of every node), siblings concurrently so the requests are
/// pipelined; with a watcher, leaves a data and a child watch on every node read (and an exists watch on a
/// missing root), as the one-shot mode needs.
/// </summary>
internal static class SubtreeReader
{
    /// <summary>The subtree's nodes, each parent before its children; empty when the root does not exist.</summary>
    public static async Task<List<ChildData>> ReadAsync(ZooKeeperClient client, string root, IWatcher? watcher, CancellationToken cancellationToken)
    {
        while (true)
        {
            var nodes = await ReadNodeAndBelowAsync(client, root, watcher, cancellationToken).ConfigureAwait(false);
            if (nodes.Count > 0 || watcher is null) return nodes;
            // No data watch can be left on a missing root: an exists watch waits for its creation instead.
            if (await client.ExistsAsync(root, watcher, cancellationToken).ConfigureAwait(false) is null) return nodes;
        }
    }

    /// <summary>One node (null when missing), leaving a data watch when given a watcher.</summary>
    public static async Task<ChildData?> ReadNodeAsync(ZooKeeperClient client, string path, IWatcher? watcher, CancellationToken cancellationToken)
    {
        try
        {
            var node = await client.GetDataAsync(path, watcher, cancellationToken).ConfigureAwait(false);
            return new ChildData(path, node.Stat, node.Data);
        }
        catch (NoNodeException)
        {
            return null;
        }
    }

    /// <summary>The names of a node's children (null when the node is missing), leaving a child watch when given a watcher.</summary>
    public static async Task<IReadOnlyList<string>?> ReadChildrenAsync(ZooKeeperClient client, string path, IWatcher? watcher, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetChildrenAsync(path, watcher, cancellationToken).ConfigureAwait(false);
        }
        catch (NoNodeException)
        {
            return null;
        }
    }

    private static async Task<List<ChildData>> ReadNodeAndBelowAsync(ZooKeeperClient client, string path, IWatcher? watcher, CancellationToken cancellationToken)
    {
        if (await ReadNodeAsync(client, path, watcher, cancellationToken).ConfigureAwait(false) is not { } node) return [];
        var result = new List<ChildData> { node };
        if (node.Stat.NumChildren == 0 && watcher is null) return result;
        if (await ReadChildrenAsync(client, path, watcher, cancellationToken).ConfigureAwait(false) is not { } children) return [];
        var subtrees = await Task.WhenAll(children.Order(StringComparer.Ordinal)
            .Select(child => ReadNodeAndBelowAsync(client, ZkPath.Combine(path, child), watcher, cancellationToken))).ConfigureAwait(false);
        foreach (var subtree in subtrees) result.AddRange(subtree);
        return result;
    }
}
