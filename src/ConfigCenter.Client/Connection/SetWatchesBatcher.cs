using ConfigCenter.Client.Watches;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Client.Connection;

/// <summary>
/// Splits the watches to re-register after a reconnect into setWatches requests of about 128 KiB of
/// paths each (a single huge request would exceed the server's frame limit), as ClientCnxn does. A batch
/// without persistent watches uses the original setWatches, which every server understands.
/// </summary>
internal static class SetWatchesBatcher
{
    public const int MaxBatchPathLength = 128 * 1024;

    public static IReadOnlyList<(OpCode OpCode, SetWatchesBody Body)> Build(
        IReadOnlyDictionary<WatchKind, IReadOnlyList<string>> watches, long lastZxid, ChrootPath chroot)
    {
        var order = new[] { WatchKind.Data, WatchKind.Exist, WatchKind.Child, WatchKind.Persistent, WatchKind.PersistentRecursive };
        var queue = new Queue<(WatchKind Kind, string Path)>(
            order.SelectMany(kind => watches.TryGetValue(kind, out var paths) ? paths.Select(p => (kind, chroot.ToServer(p))) : []));

        var batches = new List<(OpCode, SetWatchesBody)>();
        while (queue.Count > 0)
        {
            var batch = order.ToDictionary(kind => kind, _ => new List<string>());
            var length = 0;
            // The last path may take a batch a little over the limit; that keeps the loop simple.
            while (length < MaxBatchPathLength && queue.TryDequeue(out var watch))
            {
                batch[watch.Kind].Add(watch.Path);
                length += watch.Path.Length;
            }
            var version2 = batch[WatchKind.Persistent].Count > 0 || batch[WatchKind.PersistentRecursive].Count > 0;
            var request = new SetWatchesRequest(
                lastZxid, batch[WatchKind.Data], batch[WatchKind.Exist], batch[WatchKind.Child],
                batch[WatchKind.Persistent], batch[WatchKind.PersistentRecursive]);
            batches.Add((version2 ? OpCode.SetWatches2 : OpCode.SetWatches, new SetWatchesBody(request, version2)));
        }
        return batches;
    }
}
