using ConfigCenter.Client.Exceptions;
using ConfigCenter.Client.Operations;
using ConfigCenter.Client.Watches;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Client;

// Persistent watches and watch removal.
public sealed partial class ZooKeeperClient
{
    /// <summary>
    /// Adds a persistent watch (data, children and existence events of the node) or a persistent
    /// recursive watch (data and existence events of the node and every node below it). It stays until
    /// removed, survives reconnects, and works whether or not the node exists.
    /// </summary>
    public Task AddWatchAsync(string path, AddWatchMode mode, IWatcher watcher, CancellationToken cancellationToken = default)
    {
        PathArguments.Validate(path);
        ArgumentNullException.ThrowIfNull(watcher);
        var kind = mode switch
        {
            AddWatchMode.Persistent => WatchKind.Persistent,
            AddWatchMode.PersistentRecursive => WatchKind.PersistentRecursive,
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown watch mode."),
        };
        var request = new AddWatchRequest(ChrootPath.ToServer(path), mode);
        var watch = new WatchRegistration(kind, path, watcher);
        return WithReadRetry(token => SendAsync(OpCode.AddWatch, request, path,
            (err, ref _) =>
            {
                Replies.ThrowIfError(err, path);
                return true;
            }, token, watch), cancellationToken);
    }

    /// <summary>
    /// Completes once every watch event and state notification this client had received when the call
    /// was made has been handed to its watchers. A reply is read after the events the server sent before
    /// it, so awaiting this after a read means every event that preceded the read's reply has been
    /// processed: the ordering ZooKeeper's Java client gives by running async callbacks on its event thread.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called from a watcher callback, where waiting would deadlock.</exception>
    public Task WhenEventsDeliveredAsync()
    {
        if (Dispatcher.IsInsideCallback)
            throw new InvalidOperationException("A watcher callback cannot wait for the dispatcher that runs it.");
        var delivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // A closed client delivers nothing more: there is nothing left to wait for.
        if (!Dispatcher.TryPost(delivered.SetResult)) delivered.SetResult();
        return delivered.Task;
    }

    /// <summary>
    /// Removes one watcher's watches of a kind on a path (Children: getChildren watches; Data: getData and
    /// exists watches; Any: those and persistent ones). The watcher is told DataWatchRemoved,
    /// ChildWatchRemoved or PersistentWatchRemoved. With <paramref name="local"/>, the watch is removed
    /// here even when the server cannot be asked (disconnected) or does not know it.
    /// </summary>
    /// <exception cref="NoWatcherException">The watcher holds no such watch on the path.</exception>
    public Task RemoveWatchesAsync(
        string path, IWatcher watcher, WatcherType type, bool local = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(watcher);
        // A single watcher goes through checkWatches: the server's watch may serve other watchers of this client.
        return RemoveWatchesCoreAsync(OpCode.CheckWatches, path, watcher, type, local, cancellationToken);
    }

    /// <summary>Removes every watch of a kind on a path, here and on the server (see <see cref="RemoveWatchesAsync"/>).</summary>
    /// <exception cref="NoWatcherException">No such watch is registered on the path.</exception>
    public Task RemoveAllWatchesAsync(string path, WatcherType type, bool local = false, CancellationToken cancellationToken = default) =>
        RemoveWatchesCoreAsync(OpCode.RemoveWatches, path, null, type, local, cancellationToken);

    private async Task RemoveWatchesCoreAsync(
        OpCode opCode, string path, IWatcher? watcher, WatcherType type, bool local, CancellationToken cancellationToken)
    {
        PathArguments.Validate(path);
        if (type is not (WatcherType.Children or WatcherType.Data or WatcherType.Any))
            throw new ArgumentOutOfRangeException(nameof(type), type, "ZooKeeper 3.8 removes watches of type Children, Data or Any.");
        if (!Watches.Contains(path, watcher, type)) throw new NoWatcherException(path);

        try
        {
            await SendAsync(opCode, new RemoveWatchesRequest(ChrootPath.ToServer(path), type), path,
                (err, ref _) =>
                {
                    // Runs on the receive loop, so no event read after this reply reaches a removed watcher.
                    if (err != ErrorCode.Ok && !local) throw KeeperException.Create(err, path);
                    RemoveLocally(path, watcher, type, KeeperState.SyncConnected);
                    return true;
                }, cancellationToken).ConfigureAwait(false);
        }
        catch (ConnectionLossException) when (local)
        {
            RemoveLocally(path, watcher, type, KeeperState.Disconnected);
        }
    }

    private void RemoveLocally(string path, IWatcher? watcher, WatcherType type, KeeperState state)
    {
        foreach (var (removed, eventType) in Watches.Remove(path, watcher, type))
            Dispatcher.Post(new WatchedEvent(eventType, state, path), [removed]);
    }
}
