using ConfigCenter.Client.Exceptions;
using ConfigCenter.Client.Helpers;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Client.Recipes.Internal;

/// <summary>
/// Creates a recipe's sequential node under Curator's protection scheme, "_c_&lt;guid&gt;-&lt;name&gt;&lt;sequence&gt;",
/// creating missing parents. After a ConnectionLoss it looks for its GUID among the parent's children
/// before creating again, and, unlike the client's own protected create, keeps doing so whatever the
/// client's retry policy while the session lives: a node nobody knows about would sit in a lock queue and
/// block every later contender until the session ends.
/// </summary>
internal static class ProtectedSequentialCreate
{
    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(1);

    /// <summary>Creates the node and returns its path.</summary>
    /// <exception cref="SessionExpiredException">The session ended (and the client does not rebuild it).</exception>
    public static async Task<string> CreateAsync(
        ZooKeeperClient client, string parent, string name, byte[]? data, CreateMode mode, ILogger logger, CancellationToken cancellationToken)
    {
        var marker = $"{ProtectedCreate.ProtectedPrefix}{Guid.NewGuid():D}-";
        var path = ZkPath.Combine(parent, marker + name);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                if (attempt > 0) await Task.Delay(PauseBefore(attempt), cancellationToken).ConfigureAwait(false);
                bool parentMissing;
                try
                {
                    return await client.CreateAsync(path, data, Acl.OpenAclUnsafe, mode, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                catch (NoNodeException)
                {
                    parentMissing = true;
                }
                catch (ConnectionLossException)
                {
                    parentMissing = false;
                }

                try
                {
                    if (parentMissing)
                        await client.EnsurePathAsync(parent, cancellationToken: cancellationToken).ConfigureAwait(false);
                    else if (await FindAsync(client, parent, marker, cancellationToken).ConfigureAwait(false) is { } found)
                        return found;
                }
                catch (ConnectionLossException)
                {
                    // Try again once reconnected; the search above runs again if the create is lost once more.
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The create may have reached the server before the cancellation: remove whatever it made (in the
            // background when disconnected, so the cancelled caller is not held up).
            var removal = RemoveOrphanAsync(client, parent, marker, logger);
            if (client.CurrentState is ConnectionState.Connected or ConnectionState.ReadOnly) await removal.ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<string?> FindAsync(ZooKeeperClient client, string parent, string marker, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var children = await client.GetChildrenAsync(parent, cancellationToken: cancellationToken).ConfigureAwait(false);
                return children.FirstOrDefault(child => child.StartsWith(marker, StringComparison.Ordinal)) is { } name
                    ? ZkPath.Combine(parent, name)
                    : null;
            }
            catch (NoNodeException)
            {
                return null;
            }
            catch (ConnectionLossException)
            {
                await Task.Delay(PauseBefore(attempt + 1), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task RemoveOrphanAsync(ZooKeeperClient client, string parent, string marker, ILogger logger)
    {
        try
        {
            if (await FindAsync(client, parent, marker, CancellationToken.None).ConfigureAwait(false) is { } orphan)
                await NodeRemoval.DeleteAsync(client, orphan, logger).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is KeeperException or ObjectDisposedException)
        {
            logger.LogDebug("No cleanup of a cancelled create under {Parent}: {Reason}", parent, exception.Message);
        }
    }

    private static TimeSpan PauseBefore(int attempt) =>
        TimeSpan.FromMilliseconds(Math.Min(MaxPause.TotalMilliseconds, 25 * Math.Pow(2, Math.Min(attempt, 10))) * (0.5 + Random.Shared.NextDouble() / 2));
}
