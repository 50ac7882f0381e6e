using ConfigCenter.Client.Exceptions;
using ConfigCenter.Client.Recipes.Internal;
using ConfigCenter.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConfigCenter.Client.Recipes.Locks;

/// <summary>
/// A distributed counting semaphore with at most <see cref="MaxLeases"/> leases out at once, laid out as
/// Curator's InterProcessSemaphoreV2: lease nodes (ephemeral, so a dead holder frees its lease) under
/// "<c>path</c>/leases", and a mutex under "<c>path</c>/locks" that admits one acquirer at a time.
/// </summary>
/// <remarks>
/// Only the acquirer holding the mutex watches the leases; the others wait in the mutex's queue, each for its
/// predecessor, so a returned lease wakes one waiter. All users of a path must agree on the number of leases.
/// </remarks>
public sealed class InterProcessSemaphore
{
    private readonly ZooKeeperClient _client;
    private readonly ILogger _logger;
    private readonly string _leasesPath;
    private readonly string _locksPath;

    /// <summary>Creates a semaphore on <paramref name="path"/>; nothing is sent until an acquisition.</summary>
    /// <param name="client">The client whose session holds the leases.</param>
    /// <param name="path">The semaphore's directory (created when missing).</param>
    /// <param name="maxLeases">How many leases may be out at once.</param>
    /// <param name="logger">Where to log; null logs nothing.</param>
    public InterProcessSemaphore(ZooKeeperClient client, string path, int maxLeases, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        RecipePaths.Validate(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLeases, 1);
        _client = client;
        _logger = logger ?? NullLogger.Instance;
        Path = path;
        MaxLeases = maxLeases;
        _leasesPath = ZkPath.Combine(path, "leases");
        _locksPath = ZkPath.Combine(path, "locks");
    }

    /// <summary>The semaphore's directory.</summary>
    public string Path { get; }

    /// <summary>How many leases may be out at once.</summary>
    public int MaxLeases { get; }

    /// <summary>Waits for a lease.</summary>
    /// <exception cref="OperationCanceledException">Cancelled; nothing is left behind.</exception>
    public async Task<Lease> AcquireAsync(CancellationToken cancellationToken = default)
    {
        using var scope = new TimeoutScope(null, cancellationToken);
        return (await AcquireAsync(scope).ConfigureAwait(false))!;
    }

    /// <summary>Waits at most <paramref name="timeout"/> for a lease; null when the time ran out.</summary>
    /// <exception cref="OperationCanceledException">Cancelled; nothing is left behind.</exception>
    public async Task<Lease?> AcquireAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var scope = new TimeoutScope(timeout, cancellationToken);
        return await AcquireAsync(scope).ConfigureAwait(false);
    }

    /// <summary>The names of the lease nodes out now (and of the one being admitted, if any).</summary>
    public async Task<IReadOnlyList<string>> GetParticipantNodesAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return SequentialNodeNames.SortBySequence(
                await _client.GetChildrenAsync(_leasesPath, cancellationToken: cancellationToken).ConfigureAwait(false),
                name => LockNodeNames.Is(name, LockNodeNames.Lease));
        }
        catch (NoNodeException)
        {
            return [];
        }
    }

    private async Task<Lease?> AcquireAsync(TimeoutScope scope)
    {
        // A mutex per call: the mutex is re-entrant per instance, and concurrent calls must queue, not re-enter.
        await using var admission = new InterProcessMutex(_client, _locksPath, _logger);
        if (!await admission.AcquireAsync(scope).ConfigureAwait(false)) return null;

        string? leasePath = null;
        try
        {
            while (true)
            {
                leasePath ??= await ProtectedSequentialCreate.CreateAsync(
                    _client, _leasesPath, LockNodeNames.Lease, null, CreateMode.EphemeralSequential, _logger, scope.RequestToken).ConfigureAwait(false);
                var watcher = new WakeUpWatcher();
                var leases = await _client.GetChildrenAsync(_leasesPath, watcher, scope.RequestToken).ConfigureAwait(false);
                if (!leases.Contains(ZkPath.Name(leasePath)))
                {
                    _logger.LogWarning("Lease node {Path} disappeared while waiting; creating it again", leasePath);
                    leasePath = null;
                    continue;
                }
                // Leases are only created by the mutex holder, so counting ours in keeps the total at most MaxLeases.
                if (leases.Count <= MaxLeases) return new Lease(_client, leasePath, _logger);
                await watcher.Woken.WaitAsync(scope.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (scope.TimedOut)
        {
            await RemoveAsync(leasePath).ConfigureAwait(false);
            return null;
        }
        catch
        {
            await RemoveAsync(leasePath).ConfigureAwait(false);
            throw;
        }
    }

    private async Task RemoveAsync(string? leasePath)
    {
        if (leasePath is null) return;
        try
        {
            await NodeRemoval.DeleteAsync(_client, leasePath, _logger).ConfigureAwait(false);
        }
        catch (KeeperException exception)
        {
            _logger.LogWarning(exception, "Could not delete abandoned lease node {Path}", leasePath);
        }
    }
}
