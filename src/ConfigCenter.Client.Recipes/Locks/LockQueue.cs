using ConfigCenter.Client.Exceptions;
using ConfigCenter.Client.Recipes.Internal;
using ConfigCenter.Protocol;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Client.Recipes.Locks;

/// <summary>
/// The queue behind the lock recipes: each contender creates a protected ephemeral sequential node in the
/// lock's directory, and the contenders are served in sequence order. A waiter watches only the one node
/// its rule names (its predecessor), so a release wakes one waiter rather than all of them (no herd).
/// </summary>
internal sealed class LockQueue(ZooKeeperClient client, string directory, ILockRule rule, byte[]? nodeData, ILogger logger)
{
    private int _wakeUps;

    /// <summary>The lock's directory: the contenders' parent node.</summary>
    public string Directory => directory;

    /// <summary>How many node events have woken this queue's waiters; lets tests see that releases wake no herd.</summary>
    internal int WakeUps => Volatile.Read(ref _wakeUps);

    /// <summary>Called each time a waiter has set its watch and starts waiting (lets tests know the queue is settled).</summary>
    internal Action? WaitStarted { get; set; }

    /// <summary>
    /// Joins the queue and waits until the rule grants the lock; returns the path of our node, or null when
    /// the scope timed out. On timeout, cancellation or failure our node is deleted, so we block nobody.
    /// </summary>
    public async Task<string?> AcquireAsync(TimeoutScope scope)
    {
        string? ourPath = null;
        try
        {
            while (true)
            {
                ourPath ??= await ProtectedSequentialCreate.CreateAsync(
                    client, directory, rule.NodeName, nodeData, CreateMode.EphemeralSequential, logger, scope.RequestToken).ConfigureAwait(false);

                var contenders = await ListContendersAsync(scope.RequestToken).ConfigureAwait(false);
                var ourIndex = contenders.IndexOf(ZkPath.Name(ourPath));
                if (ourIndex < 0)
                {
                    // Our node is gone: the session expired and was rebuilt, or someone deleted it. Queue again, as Curator does.
                    logger.LogWarning("Lock node {Path} disappeared while waiting; queueing again", ourPath);
                    ourPath = null;
                    continue;
                }

                var decision = rule.Decide(contenders, ourIndex);
                if (decision.Acquired) return ourPath;

                var watcher = new WakeUpWatcher(() => Interlocked.Increment(ref _wakeUps));
                try
                {
                    // getData rather than exists: it leaves no watch behind when the node is already gone.
                    await client.GetDataAsync(ZkPath.Combine(directory, decision.NodeToWatch!), watcher, scope.RequestToken).ConfigureAwait(false);
                }
                catch (NoNodeException)
                {
                    continue;
                }
                WaitStarted?.Invoke();
                await watcher.Woken.WaitAsync(scope.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (scope.TimedOut)
        {
            await LeaveAsync(ourPath).ConfigureAwait(false);
            return null;
        }
        catch
        {
            await LeaveAsync(ourPath).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The contending node names, in sequence order (empty when the directory does not exist).</summary>
    public async Task<List<string>> ListContendersAsync(CancellationToken cancellationToken)
    {
        try
        {
            var children = await client.GetChildrenAsync(directory, cancellationToken: cancellationToken).ConfigureAwait(false);
            return SequentialNodeNames.SortBySequence(children, rule.IsContender);
        }
        catch (NoNodeException)
        {
            return [];
        }
    }

    private Task LeaveAsync(string? ourPath) => ourPath is null ? Task.CompletedTask : NodeRemoval.DeleteSoonAsync(client, ourPath, logger);
}
