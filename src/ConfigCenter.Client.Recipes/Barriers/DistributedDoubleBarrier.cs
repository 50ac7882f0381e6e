using ConfigCenter.Client.Exceptions;
using ConfigCenter.Client.Recipes.Internal;
using ConfigCenter.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConfigCenter.Client.Recipes.Barriers;

/// <summary>
/// A double barrier, as Curator's DistributedDoubleBarrier (and with its node layout): <see cref="MemberCount"/>
/// members enter, and nobody gets in before all of them have; later they leave, and nobody gets out before all
/// of them have. Each member is an ephemeral node under <see cref="Path"/>; the last one to enter creates
/// "<c>path</c>/ready", which every entering member watches.
/// </summary>
/// <remarks>
/// One instance is one member: enter once, then leave once. Leaving follows Curator's protocol, which wakes
/// few members per departure: the lowest member waits for the highest to go, every other member deletes its
/// node and waits for the lowest to go. As in Curator, a new round should not start on the path before the
/// previous one has fully left (the ready node of the old round would let it straight in).
/// </remarks>
public sealed class DistributedDoubleBarrier
{
    private const string ReadyNodeName = "ready";

    private readonly ZooKeeperClient _client;
    private readonly ILogger _logger;
    private readonly string _readyPath;
    private readonly string _ourPath;

    /// <summary>Creates one member of a double barrier on <paramref name="path"/>; nothing is sent yet.</summary>
    /// <param name="client">The client whose session holds the member's node.</param>
    /// <param name="path">The barrier's directory (created when missing).</param>
    /// <param name="memberCount">How many members must enter before any gets in.</param>
    /// <param name="logger">Where to log; null logs nothing.</param>
    public DistributedDoubleBarrier(ZooKeeperClient client, string path, int memberCount, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        RecipePaths.Validate(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(memberCount, 1);
        _client = client;
        _logger = logger ?? NullLogger.Instance;
        Path = path;
        MemberCount = memberCount;
        _readyPath = ZkPath.Combine(path, ReadyNodeName);
        _ourPath = ZkPath.Combine(path, Guid.NewGuid().ToString("D"));
    }

    /// <summary>The barrier's directory.</summary>
    public string Path { get; }

    /// <summary>How many members must enter before any gets in.</summary>
    public int MemberCount { get; }

    /// <summary>Enters and waits until all members have.</summary>
    public async Task EnterAsync(CancellationToken cancellationToken = default)
    {
        using var scope = new TimeoutScope(null, cancellationToken);
        await EnterAsync(scope).ConfigureAwait(false);
    }

    /// <summary>Enters and waits at most <paramref name="timeout"/> for all members; false (and this member withdrawn) when the time ran out.</summary>
    public async Task<bool> EnterAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var scope = new TimeoutScope(timeout, cancellationToken);
        return await EnterAsync(scope).ConfigureAwait(false);
    }

    /// <summary>Leaves and waits until all members have.</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken = default)
    {
        using var scope = new TimeoutScope(null, cancellationToken);
        await LeaveAsync(scope).ConfigureAwait(false);
    }

    /// <summary>Leaves and waits at most <paramref name="timeout"/> for all members to leave; false when the time ran out.</summary>
    public async Task<bool> LeaveAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var scope = new TimeoutScope(timeout, cancellationToken);
        return await LeaveAsync(scope).ConfigureAwait(false);
    }

    private async Task<bool> EnterAsync(TimeoutScope scope)
    {
        try
        {
            // Watch for "ready" before joining, so its creation can never slip between our count and our wait.
            var readyWatcher = new WakeUpWatcher();
            var ready = await ExistsAsync(_readyPath, readyWatcher, scope.RequestToken).ConfigureAwait(false);
            await IdempotentNodes.CreateIfMissingAsync(_client, _ourPath, null, CreateMode.Ephemeral, scope.RequestToken).ConfigureAwait(false);
            while (!ready)
            {
                var members = await ListMembersAsync(scope.RequestToken).ConfigureAwait(false);
                if (members.Count >= MemberCount)
                {
                    await IdempotentNodes.CreateIfMissingAsync(_client, _readyPath, null, CreateMode.Persistent, scope.RequestToken).ConfigureAwait(false);
                    return true;
                }
                await readyWatcher.Woken.WaitAsync(scope.Token).ConfigureAwait(false);
                readyWatcher = new WakeUpWatcher();
                ready = await ExistsAsync(_readyPath, readyWatcher, scope.RequestToken).ConfigureAwait(false);
            }
            return true;
        }
        catch (OperationCanceledException) when (scope.TimedOut)
        {
            await NodeRemoval.DeleteSoonAsync(_client, _ourPath, _logger).ConfigureAwait(false);
            return false;
        }
        catch
        {
            await NodeRemoval.DeleteSoonAsync(_client, _ourPath, _logger).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<bool> LeaveAsync(TimeoutScope scope)
    {
        var ourName = ZkPath.Name(_ourPath);
        try
        {
            while (true)
            {
                var members = await ListMembersAsync(scope.RequestToken).ConfigureAwait(false);
                if (members.Count == 0) break;
                var ourIndex = members.IndexOf(ourName);
                if (ourIndex == 0 && members.Count == 1)
                {
                    await NodeRemoval.DeleteAsync(_client, _ourPath, _logger, scope.RequestToken).ConfigureAwait(false);
                    break;
                }

                string watched;
                if (ourIndex == 0)
                {
                    // The lowest member leaves last: it waits for the highest, then looks again.
                    watched = members[^1];
                }
                else
                {
                    // Everyone else is gone as soon as its node is, and waits for the lowest to go.
                    if (ourIndex > 0) await NodeRemoval.DeleteAsync(_client, _ourPath, _logger, scope.RequestToken).ConfigureAwait(false);
                    watched = members[0];
                }
                var watcher = new WakeUpWatcher();
                if (await ExistsAsync(ZkPath.Combine(Path, watched), watcher, scope.RequestToken).ConfigureAwait(false))
                    await watcher.Woken.WaitAsync(scope.Token).ConfigureAwait(false);
            }
            // Every member tries; the first one wins, the others find it gone.
            await IdempotentNodes.DeleteIfPresentAsync(_client, _readyPath, scope.RequestToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (scope.TimedOut)
        {
            return false;
        }
    }

    /// <summary>The member node names, sorted (the ready node is not a member).</summary>
    private async Task<List<string>> ListMembersAsync(CancellationToken cancellationToken)
    {
        try
        {
            var children = await ConnectionLossRetry.RunAsync(
                _client, token => _client.GetChildrenAsync(Path, cancellationToken: token), cancellationToken).ConfigureAwait(false);
            return [.. children.Where(child => child != ReadyNodeName).Order(StringComparer.Ordinal)];
        }
        catch (NoNodeException)
        {
            return [];
        }
    }

    private async Task<bool> ExistsAsync(string path, WakeUpWatcher watcher, CancellationToken cancellationToken) =>
        await ConnectionLossRetry.RunAsync(_client, token => _client.ExistsAsync(path, watcher, token), cancellationToken).ConfigureAwait(false)
            is not null;
}
