using ConfigCenter.Client;
using ConfigCenter.Client.Operations;
using ConfigCenter.Configuration.Mapping;
using ConfigCenter.Protocol;

namespace ConfigCenter.Configuration.Publishing;

/// <summary>Reads a whole subtree level by level, each level in multiRead requests.</summary>
internal static class SubtreeReader
{
    private const int PathsPerRequest = 500;
    private const int MaxConsistentAttempts = 10;

    /// <summary>The subtree under <paramref name="root"/> (empty when the root does not exist); not necessarily one instant's state.</summary>
    public static async Task<Dictionary<string, SubtreeNode>> ReadAsync(ZooKeeperClient client, string root, CancellationToken cancellationToken)
    {
        var nodes = new Dictionary<string, SubtreeNode>(StringComparer.Ordinal);
        var level = new List<string> { root };
        while (level.Count > 0)
        {
            var next = new List<string>();
            foreach (var chunk in level.Chunk(PathsPerRequest))
            {
                var reads = chunk.SelectMany(path => new[] { ReadOperation.GetData(path), ReadOperation.GetChildren(path) });
                var results = await client.MultiReadAsync(reads, cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < chunk.Length; i++)
                {
                    if (results[2 * i] is not GetDataResult data || results[2 * i + 1] is not GetChildrenResult listing) continue;
                    var children = listing.Children
                        .Select(child => ZkPath.Combine(chunk[i], child))
                        .Where(child => ZnodeKeyMapper.IsUnderRoot(root, child))
                        .Order(StringComparer.Ordinal)
                        .ToList();
                    nodes[chunk[i]] = new SubtreeNode(chunk[i], data.Data, data.Stat, children);
                    next.AddRange(children);
                }
            }
            level = next;
        }
        return nodes;
    }

    /// <summary>
    /// The subtree as it was at one instant: it is read until two reads in a row agree on every node's
    /// creation and modification zxid and children. No node changed between its two reads, so all of
    /// them held these values at the moment between the two reads.
    /// </summary>
    public static async Task<Dictionary<string, SubtreeNode>> ReadConsistentAsync(ZooKeeperClient client, string root, CancellationToken cancellationToken)
    {
        var previous = await ReadAsync(client, root, cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; attempt < MaxConsistentAttempts; attempt++)
        {
            var current = await ReadAsync(client, root, cancellationToken).ConfigureAwait(false);
            if (current.Count == previous.Count && current.All(pair => previous.TryGetValue(pair.Key, out var before) && before.SameVersionAs(pair.Value)))
                return current;
            previous = current;
        }
        throw new ConfigVersionConflictException(root, null, null, $"The configuration at {root} kept changing while it was read; try again.");
    }
}
