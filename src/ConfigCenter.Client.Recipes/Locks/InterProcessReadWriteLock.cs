using Microsoft.Extensions.Logging;

namespace ConfigCenter.Client.Recipes.Locks;

/// <summary>
/// A distributed read-write lock, as Curator's InterProcessReadWriteLock (and with its node names, so both
/// can share a lock): readers share the lock, a writer holds it alone. Read and write nodes queue together
/// in sequence order, so a writer is never overtaken by readers that came after it.
/// </summary>
/// <remarks>
/// Both sides are <see cref="InterProcessMutex"/> instances, re-entrant per instance. The holder of the write
/// lock may also take the read lock (and keep it after releasing the write lock: a downgrade); a holder of the
/// read lock cannot take the write lock (it would wait for itself), and is told so.
/// </remarks>
public sealed class InterProcessReadWriteLock : IAsyncDisposable
{
    /// <summary>Creates the lock on directory <paramref name="path"/>; nothing is sent until an acquisition.</summary>
    /// <param name="client">The client whose session holds the locks.</param>
    /// <param name="path">The lock's directory (created when missing).</param>
    /// <param name="logger">Where to log lock events; null logs nothing.</param>
    public InterProcessReadWriteLock(ZooKeeperClient client, string path, ILogger? logger = null)
    {
        WriteLock = new InterProcessMutex(
            client, path, new ExclusiveLockRule(LockNodeNames.Write, LockNodeNames.Read, LockNodeNames.Write), nodeData: null, logger,
            checkBeforeAcquiring: RefuseUpgrade);
        ReadLock = new InterProcessMutex(client, path, new ReadLockRule(() => WriteLock.IsAcquired), nodeData: null, logger);
    }

    /// <summary>The shared side: held by any number of readers when no writer holds or awaits the lock ahead of them.</summary>
    public InterProcessMutex ReadLock { get; }

    /// <summary>The exclusive side.</summary>
    public InterProcessMutex WriteLock { get; }

    /// <summary>Releases whatever this instance holds.</summary>
    public async ValueTask DisposeAsync()
    {
        await ReadLock.DisposeAsync().ConfigureAwait(false);
        await WriteLock.DisposeAsync().ConfigureAwait(false);
    }

    private void RefuseUpgrade()
    {
        if (ReadLock.IsAcquired && !WriteLock.IsAcquired)
            throw new InvalidOperationException("The read lock cannot be upgraded: release it before taking the write lock.");
    }
}
