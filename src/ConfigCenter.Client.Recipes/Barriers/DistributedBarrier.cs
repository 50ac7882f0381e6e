using ConfigCenter.Client.Recipes.Internal;
using ConfigCenter.Protocol;

namespace ConfigCenter.Client.Recipes.Barriers;

/// <summary>
/// A barrier that holds waiters while its node exists, as Curator's DistributedBarrier: one party sets it,
/// any number wait on it, and removing it releases them all at once.
/// </summary>
public sealed class DistributedBarrier
{
    private readonly ZooKeeperClient _client;

    /// <summary>Creates a barrier on node <paramref name="path"/>; nothing is sent yet.</summary>
    /// <param name="client">The client to use.</param>
    /// <param name="path">The barrier's node: the barrier is up while it exists.</param>
    public DistributedBarrier(ZooKeeperClient client, string path)
    {
        ArgumentNullException.ThrowIfNull(client);
        RecipePaths.Validate(path);
        _client = client;
        Path = path;
    }

    /// <summary>The barrier's node.</summary>
    public string Path { get; }

    /// <summary>Puts the barrier up (creates its node, and missing parents); already up is fine.</summary>
    public Task SetBarrierAsync(CancellationToken cancellationToken = default) =>
        IdempotentNodes.CreateIfMissingAsync(_client, Path, null, CreateMode.Persistent, cancellationToken);

    /// <summary>Takes the barrier down, releasing every waiter; already down is fine.</summary>
    public Task RemoveBarrierAsync(CancellationToken cancellationToken = default) =>
        IdempotentNodes.DeleteIfPresentAsync(_client, Path, cancellationToken);

    /// <summary>Waits until the barrier is down (returns at once when it is not up).</summary>
    public async Task WaitOnBarrierAsync(CancellationToken cancellationToken = default)
    {
        using var scope = new TimeoutScope(null, cancellationToken);
        await WaitAsync(scope).ConfigureAwait(false);
    }

    /// <summary>Waits at most <paramref name="timeout"/> until the barrier is down; false when the time ran out.</summary>
    public async Task<bool> WaitOnBarrierAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var scope = new TimeoutScope(timeout, cancellationToken);
        return await WaitAsync(scope).ConfigureAwait(false);
    }

    private async Task<bool> WaitAsync(TimeoutScope scope)
    {
        try
        {
            while (true)
            {
                var watcher = new WakeUpWatcher();
                var stat = await ConnectionLossRetry.RunAsync(_client, token => _client.ExistsAsync(Path, watcher, token), scope.RequestToken)
                    .ConfigureAwait(false);
                if (stat is null) return true;
                await watcher.Woken.WaitAsync(scope.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (scope.TimedOut)
        {
            return false;
        }
    }
}
