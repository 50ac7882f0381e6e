using ConfigCenter.Client;
using ConfigCenter.Client.Operations;
using ConfigCenter.Configuration.Mapping;
using ConfigCenter.Protocol;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Configuration.Sync;

/// <summary>
/// Reads the changed part of the subtree until what it read is a consistent cut: a state the subtree
/// really had at one instant, so one atomic multi-key update is seen entirely or not at all.
/// </summary>
/// <remarks>
/// <para>
/// Why this works. Each round reads a set of nodes with one multiRead, which the server answers at a
/// single point of its history (P). A server sends the watch notifications of every transaction before
/// the replies to requests it handles after that transaction, and the client reads frames in order; so
/// once the reply has arrived and <see cref="ZooKeeperClient.WhenEventsDeliveredAsync"/> has completed,
/// every node changed up to P has been reported to the <see cref="ChangeTracker"/>. If every node reported
/// during the round was read in that round, every other node still holds the value the mirror has, so
/// the mirror plus the round's results is the subtree as it was at P. Otherwise the next round reads the
/// newly reported nodes again together with all nodes reported earlier in this cycle (the "hot" set),
/// which converges as long as writers touch a bounded set of nodes. Nodes reported during a round that
/// succeeded are put back for the next cycle, since their change may have come after P.
/// </para>
/// <para>
/// A round larger than one request is split; its parts are answered at different points, so it only
/// counts as consistent when nothing at all was reported meanwhile. Only the reported nodes are read (plus
/// the children of nodes not seen before), never the whole tree, except in a full resync, which reads
/// every known node and lists its children after a reconnect or a new session.
/// </para>
/// </remarks>
internal sealed class SubtreeReadCycle(ZooKeeperClient client, string root, ChangeTracker changes, ILogger logger)
{
    // Keeps one reply well under the client's packet limit; a node's own size is bounded by jute.maxbuffer.
    private const int MaxReplyBytesPerRequest = 1024 * 1024;
    private const int AssumedBytesOfUnknownNode = 1024;
    private const int MaxOperationsPerRequest = 1000;

    /// <summary>
    /// Brings a copy of <paramref name="current"/> up to date with the nodes in <paramref name="reported"/>
    /// (or with everything, for a full resync) and returns it once it is a consistent cut.
    /// </summary>
    public async Task<SubtreeMirror> RunAsync(SubtreeMirror current, IReadOnlySet<string> reported, bool fullResync, CancellationToken cancellationToken)
    {
        var working = current.Clone();
        var hot = new HashSet<string>(reported.Where(path => ZnodeKeyMapper.IsUnderRoot(root, path)), StringComparer.Ordinal);
        var dataReads = new HashSet<string>(hot, StringComparer.Ordinal);
        var childListings = new HashSet<string>(hot.Where(path => !working.Contains(path)), StringComparer.Ordinal);
        if (fullResync)
        {
            dataReads.Add(root);
            dataReads.UnionWith(working.Paths);
            childListings.UnionWith(dataReads);
        }

        for (var round = 1; ; round++)
        {
            var requests = await ReadAsync(working, dataReads, childListings, cancellationToken).ConfigureAwait(false);
            await client.WhenEventsDeliveredAsync().ConfigureAwait(false);
            var reportedMeanwhile = changes.TakeAll();
            reportedMeanwhile.RemoveWhere(path => !ZnodeKeyMapper.IsUnderRoot(root, path));
            var discovered = requests.Discovered;

            var settled = discovered.Count == 0
                && (requests.Count == 1 ? reportedMeanwhile.IsSubsetOf(dataReads) : reportedMeanwhile.Count == 0);
            if (settled)
            {
                if (reportedMeanwhile.Count > 0) changes.Requeue(reportedMeanwhile);
                if (round > 1) logger.LogDebug("Subtree {Root} settled after {Rounds} read rounds", root, round);
                return working;
            }

            hot.UnionWith(reportedMeanwhile);
            dataReads = new HashSet<string>(hot, StringComparer.Ordinal);
            dataReads.UnionWith(discovered);
            childListings = new HashSet<string>(discovered, StringComparer.Ordinal);
            childListings.UnionWith(reportedMeanwhile.Where(path => !working.Contains(path)));
        }
    }

    private async Task<RoundResult> ReadAsync(
        SubtreeMirror working, IReadOnlySet<string> dataReads, IReadOnlySet<string> childListings, CancellationToken cancellationToken)
    {
        // Parents first, so a listing's discoveries and a data read of the same node agree on order.
        var operations = dataReads.Select(ReadOperation.GetData)
            .Concat(childListings.Select(ReadOperation.GetChildren))
            .OrderBy(read => ZnodeKeyMapper.Depth(read.Path))
            .ToList();
        var discovered = new HashSet<string>(StringComparer.Ordinal);
        var requestCount = 0;
        foreach (var batch in Batch(working, operations))
        {
            requestCount++;
            var results = await client.MultiReadAsync(batch, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < batch.Count; i++) Apply(working, batch[i], results[i], discovered);
        }
        discovered.RemoveWhere(working.Contains);
        return new RoundResult(requestCount, discovered);
    }

    private void Apply(SubtreeMirror working, ReadOperation read, OpResult result, HashSet<string> discovered)
    {
        var path = read.Path;
        switch (result)
        {
            case GetDataResult data:
                var known = working.Find(path);
                if (known is not null && known.IsSameVersionAs(data.Stat)) return;
                var value = NodeValueParser.Parse(working.KeyOf(path), data.Data);
                if (value.Error is not null)
                {
                    logger.LogError("Configuration node {Path} has bad data ({Problem}); its last good values stay", path, value.Error);
                    value = known?.Value ?? NodeValue.Empty;
                }
                working.Set(path, new MirroredNode(data.Stat, value));
                break;
            case GetChildrenResult listing:
                if (!working.Contains(path)) return; // deleted (or unreadable) meanwhile: its data read said so
                var children = listing.Children
                    .Select(child => ZkPath.Combine(path, child))
                    .Where(child => ZnodeKeyMapper.IsUnderRoot(root, child))
                    .ToHashSet(StringComparer.Ordinal);
                foreach (var gone in working.KnownChildrenOf(path).Where(child => !children.Contains(child)).ToList())
                    working.RemoveSubtree(gone);
                discovered.UnionWith(children.Where(child => !working.Contains(child)));
                break;
            case ErrorResult { Code: ErrorCode.NoNode }:
                working.RemoveSubtree(path);
                break;
            case ErrorResult error:
                logger.LogError("Configuration node {Path} cannot be read ({Code}); its last good values stay", path, error.Code);
                // Keep the node known (with its last good value) so its children are still looked at.
                if (!working.Contains(path)) working.Set(path, new MirroredNode(default, NodeValue.Empty));
                break;
        }
    }

    private static IEnumerable<List<ReadOperation>> Batch(SubtreeMirror working, List<ReadOperation> operations)
    {
        var batch = new List<ReadOperation>();
        var bytes = 0;
        foreach (var operation in operations)
        {
            var size = (working.Find(operation.Path)?.Stat.DataLength ?? AssumedBytesOfUnknownNode) + operation.Path.Length + 128;
            if (batch.Count > 0 && (bytes + size > MaxReplyBytesPerRequest || batch.Count >= MaxOperationsPerRequest))
            {
                yield return batch;
                batch = [];
                bytes = 0;
            }
            batch.Add(operation);
            bytes += size;
        }
        if (batch.Count > 0) yield return batch;
    }

    private sealed record RoundResult(int Count, HashSet<string> Discovered);
}
