using System.Text;
using ConfigCenter.Client.Exceptions;
using ConfigCenter.Client.Recipes.Internal;
using ConfigCenter.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConfigCenter.Client.Recipes.Queues;

/// <summary>
/// A FIFO queue of byte items, as the ZooKeeper queue recipe (Curator's DistributedQueue, kazoo's Queue): each
/// item is a persistent sequential node "_c_&lt;guid&gt;-queue-&lt;sequence&gt;" under <see cref="Path"/>, taken in
/// sequence order by deleting it, so each item goes to exactly one consumer however many compete.
/// </summary>
/// <remarks>
/// <para>Puts are protected: a put whose reply was lost is found again rather than repeated. A take deletes the
/// item in a transaction that also writes the item's name into this consumer's own ephemeral node under
/// "<c>path</c>/consumers", so a take whose reply was lost can tell whether the item became its own. Only when
/// the session expires during such a take is the outcome unknowable; the item is then skipped (logged), never
/// delivered twice.</para>
/// <para>Delivery is at most once: an item is gone from the queue once taken, whatever the consumer does next.
/// Waiting consumers watch the queue's children, so every put wakes all of them (few consumers per queue are
/// the expected use).</para>
/// </remarks>
public sealed class DistributedQueue : IAsyncDisposable
{
    private const string ItemName = "queue-";
    private const string ConsumersName = "consumers";

    private readonly ZooKeeperClient _client;
    private readonly ILogger _logger;
    private readonly string _consumersPath;
    private readonly SemaphoreSlim _takeGate = new(1, 1);
    private string? _consumerPath;

    /// <summary>Creates a queue handle on <paramref name="path"/>; nothing is sent yet.</summary>
    /// <param name="client">The client to use.</param>
    /// <param name="path">The queue's node (created when missing).</param>
    /// <param name="logger">Where to log; null logs nothing.</param>
    public DistributedQueue(ZooKeeperClient client, string path, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        RecipePaths.Validate(path);
        _client = client;
        _logger = logger ?? NullLogger.Instance;
        Path = path;
        _consumersPath = ZkPath.Combine(path, ConsumersName);
    }

    /// <summary>The queue's node.</summary>
    public string Path { get; }

    /// <summary>Called just before a take's transaction is sent (lets tests lose its reply).</summary>
    internal Action? BeforeTakeCommit { get; set; }

    /// <summary>Appends an item; returns its node's path.</summary>
    public Task<string> PutAsync(byte[] item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        return ProtectedSequentialCreate.CreateAsync(_client, Path, ItemName, item, CreateMode.PersistentSequential, _logger, cancellationToken);
    }

    /// <summary>Takes the oldest item, waiting for one when the queue is empty.</summary>
    public async Task<byte[]> TakeAsync(CancellationToken cancellationToken = default)
    {
        using var scope = new TimeoutScope(null, cancellationToken);
        return (await TakeAsync(scope, wait: true).ConfigureAwait(false))!;
    }

    /// <summary>Takes the oldest item, waiting at most <paramref name="timeout"/> for one; null when the time ran out.</summary>
    public async Task<byte[]?> TakeAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var scope = new TimeoutScope(timeout, cancellationToken);
        return await TakeAsync(scope, wait: true).ConfigureAwait(false);
    }

    /// <summary>Takes the oldest item, or returns null at once when the queue is empty.</summary>
    public async Task<byte[]?> TryTakeAsync(CancellationToken cancellationToken = default)
    {
        using var scope = new TimeoutScope(null, cancellationToken);
        return await TakeAsync(scope, wait: false).ConfigureAwait(false);
    }

    /// <summary>How many items the queue holds now.</summary>
    public async Task<int> CountAsync(CancellationToken cancellationToken = default) =>
        (await ListItemsAsync(null, cancellationToken).ConfigureAwait(false)).Count;

    /// <summary>Deletes this consumer's ephemeral node (it would go with the session anyway).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _consumerPath, null) is { } consumerPath)
            await NodeRemoval.DeleteSoonAsync(_client, consumerPath, _logger).ConfigureAwait(false);
    }

    private async Task<byte[]?> TakeAsync(TimeoutScope scope, bool wait)
    {
        // One take at a time per handle: they share the consumer node that settles lost replies.
        try
        {
            if (!_takeGate.Wait(0)) await _takeGate.WaitAsync(scope.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (scope.TimedOut)
        {
            return null;
        }
        try
        {
            while (true)
            {
                var watcher = wait ? new WakeUpWatcher() : null;
                foreach (var item in await ListItemsAsync(watcher, scope.RequestToken).ConfigureAwait(false))
                {
                    if (await TryTakeItemAsync(item, scope.RequestToken).ConfigureAwait(false) is { } data) return data;
                }
                if (watcher is null) return null;
                await watcher.Woken.WaitAsync(scope.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (scope.TimedOut)
        {
            return null;
        }
        finally
        {
            _takeGate.Release();
        }
    }

    /// <summary>The item names in sequence order; with a watcher, it fires on the next put or take.</summary>
    private async Task<List<string>> ListItemsAsync(WakeUpWatcher? watcher, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                var children = await ConnectionLossRetry.RunAsync(
                    _client, token => _client.GetChildrenAsync(Path, watcher, token), cancellationToken).ConfigureAwait(false);
                return SequentialNodeNames.SortBySequence(children, name => name.Contains(ItemName, StringComparison.Ordinal));
            }
            catch (NoNodeException)
            {
                if (watcher is null) return [];
                // Waiting needs a node to watch: the queue exists from now on.
                await IdempotentNodes.CreateIfMissingAsync(_client, Path, null, CreateMode.Persistent, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The item's data when this consumer took it; null when another consumer did.</summary>
    private async Task<byte[]?> TryTakeItemAsync(string itemName, CancellationToken cancellationToken)
    {
        var itemPath = ZkPath.Combine(Path, itemName);
        var marker = Encoding.UTF8.GetBytes(itemName);
        while (true)
        {
            Operations.NodeData item;
            try
            {
                item = await ConnectionLossRetry.RunAsync(_client, token => _client.GetDataAsync(itemPath, cancellationToken: token), cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (NoNodeException)
            {
                return null;
            }

            var consumerPath = await EnsureConsumerNodeAsync(cancellationToken).ConfigureAwait(false);
            BeforeTakeCommit?.Invoke();
            try
            {
                await _client.Transaction()
                    .Delete(itemPath, item.Stat.Version)
                    .SetData(consumerPath, marker)
                    .CommitAsync(cancellationToken).ConfigureAwait(false);
                return item.Data;
            }
            catch (KeeperException exception) when (exception.FailedOperationIndex == 0)
            {
                return null; // another consumer took it first
            }
            catch (NoNodeException)
            {
                // Our consumer node went with an expired session: make a new one and try the item again.
                Interlocked.CompareExchange(ref _consumerPath, null, consumerPath);
            }
            catch (ConnectionLossException)
            {
                if (await SettleLostTakeAsync(itemPath, consumerPath, marker, cancellationToken).ConfigureAwait(false) is { } taken)
                    return taken ? item.Data : null;
            }
        }
    }

    /// <summary>
    /// After a take whose reply was lost: true when our consumer node names the item (the take applied), false
    /// when the item was taken by someone else or its fate is unknowable, null when the item is still there to try again.
    /// </summary>
    private async Task<bool?> SettleLostTakeAsync(string itemPath, string consumerPath, byte[] marker, CancellationToken cancellationToken)
    {
        try
        {
            var ours = await ConnectionLossRetry.RunAsync(_client, token => _client.GetDataAsync(consumerPath, cancellationToken: token), cancellationToken)
                .ConfigureAwait(false);
            if (ours.Data.AsSpan().SequenceEqual(marker)) return true;
        }
        catch (NoNodeException)
        {
            Interlocked.CompareExchange(ref _consumerPath, null, consumerPath);
            if (await ItemExistsAsync(itemPath, cancellationToken).ConfigureAwait(false)) return null;
            _logger.LogWarning("Queue item {Path} may have been taken by a session that expired meanwhile; skipping it", itemPath);
            return false;
        }
        return await ItemExistsAsync(itemPath, cancellationToken).ConfigureAwait(false) ? null : false;
    }

    private async Task<bool> ItemExistsAsync(string itemPath, CancellationToken cancellationToken) =>
        await ConnectionLossRetry.RunAsync(_client, token => _client.ExistsAsync(itemPath, cancellationToken: token), cancellationToken)
            .ConfigureAwait(false) is not null;

    private async Task<string> EnsureConsumerNodeAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _consumerPath) is { } existing) return existing;
        var created = await ProtectedSequentialCreate.CreateAsync(
            _client, _consumersPath, "consumer-", null, CreateMode.EphemeralSequential, _logger, cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _consumerPath, created);
        return created;
    }
}
