using System.Collections.Concurrent;

namespace ConfigCenter.Storage.Snapshots;

/// <summary>
/// Reads a snapshot's nodes on a thread of its own, a few batches ahead of the caller, so inflating,
/// checksumming and decoding overlap with whatever the caller builds from the nodes.
/// </summary>
public static class SnapshotReadAhead
{
    // A batch of 512 nodes (about 50 KB) stays below the large object heap's threshold.
    private const int BatchSize = 512;
    private const int BatchesAhead = 8;

    /// <summary>
    /// The nodes of <see cref="SnapshotReader.ReadNodes"/>, in order, in batches valid until the next
    /// one is taken. Damage found by the reading thread is thrown here, after the batches before it.
    /// The reader must not be used or disposed until the enumeration has ended.
    /// </summary>
    public static IEnumerable<ReadOnlyMemory<SnapshotNode>> ReadNodeBatchesAhead(this SnapshotReader reader, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return ReadAhead(reader, cancellationToken);
    }

    private static IEnumerable<ReadOnlyMemory<SnapshotNode>> ReadAhead(SnapshotReader reader, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var filled = new BlockingCollection<(SnapshotNode[] Nodes, int Count)>();
        using var empty = new BlockingCollection<SnapshotNode[]>();
        for (var i = 0; i < BatchesAhead; i++) empty.Add(new SnapshotNode[BatchSize]);
        var nodes = reader.ReadNodes(stop.Token);
        var producer = Task.Factory.StartNew(() => Fill(nodes, filled, empty, stop.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            foreach (var (batch, count) in filled.GetConsumingEnumerable(cancellationToken))
            {
                yield return batch.AsMemory(0, count);
                Array.Clear(batch, 0, count); // the caller keeps what it needs; do not hold on to the rest
                empty.Add(batch, cancellationToken);
            }
            producer.GetAwaiter().GetResult(); // throws the damage the reading thread found, if any
        }
        finally
        {
            stop.Cancel();
            WaitUntilDone(producer);
        }
    }

    private static void Fill(IEnumerable<SnapshotNode> nodes, BlockingCollection<(SnapshotNode[], int)> filled, BlockingCollection<SnapshotNode[]> empty, CancellationToken stop)
    {
        try
        {
            var batch = empty.Take(stop);
            var count = 0;
            foreach (var node in nodes)
            {
                batch[count++] = node;
                if (count < BatchSize) continue;
                filled.Add((batch, count), stop);
                batch = empty.Take(stop);
                count = 0;
            }
            if (count > 0) filled.Add((batch, count), stop);
        }
        finally
        {
            filled.CompleteAdding();
        }
    }

    /// <summary>
    /// The caller disposes the reader once the enumeration ends, so the reading thread must be out of it
    /// first. Its failure, if any, was already thrown to the caller, or the caller is leaving with its own.
    /// </summary>
    private static void WaitUntilDone(Task producer)
    {
        try
        {
            producer.Wait();
        }
        catch (AggregateException)
        {
        }
    }
}
