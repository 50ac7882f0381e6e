using ConfigCenter.Client.Recipes.Internal;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Client.Recipes.Locks;

/// <summary>
/// One lease of an <see cref="InterProcessSemaphore"/>: an ephemeral node, held until released or disposed
/// (or until the session ends, which frees it too).
/// </summary>
public sealed class Lease : IAsyncDisposable
{
    private readonly ZooKeeperClient _client;
    private readonly ILogger _logger;
    private int _released;

    internal Lease(ZooKeeperClient client, string nodePath, ILogger logger)
    {
        _client = client;
        _logger = logger;
        NodePath = nodePath;
    }

    /// <summary>The lease node.</summary>
    public string NodePath { get; }

    /// <summary>True once released.</summary>
    public bool IsReleased => Volatile.Read(ref _released) != 0;

    /// <summary>Returns the lease (deletes its node, retrying over connection losses). Idempotent.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _released, 1) != 0) return;
        await NodeRemoval.DeleteAsync(_client, NodePath, _logger).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Returns the lease.</summary>
    public async ValueTask DisposeAsync() => await ReleaseAsync().ConfigureAwait(false);
}
