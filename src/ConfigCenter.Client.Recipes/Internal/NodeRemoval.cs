using ConfigCenter.Client.Exceptions;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Client.Recipes.Internal;

/// <summary>
/// Deletes a recipe's own node until the server confirms it is gone, as Curator's guaranteed delete does:
/// a lock or lease node left behind would block others. A ConnectionLoss is retried (the next attempt waits
/// for the reconnect; NoNode then means an earlier attempt worked).
/// </summary>
internal static class NodeRemoval
{
    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Deletes the node. Returns quietly when it is already gone or when the session or client is (its
    /// ephemeral nodes went with it); other refusals (such as NoAuth) are thrown.
    /// </summary>
    public static async Task DeleteAsync(ZooKeeperClient client, string path, ILogger logger, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await client.DeleteAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (NoNodeException)
            {
                return;
            }
            catch (Exception exception) when (exception is SessionExpiredException or AuthFailedException or ObjectDisposedException)
            {
                logger.LogDebug("{Path} not deleted: {Reason}; it goes with the session", path, exception.Message);
                return;
            }
            catch (ConnectionLossException) when (client.CurrentState != ConnectionState.Closed)
            {
                var pause = Math.Min(MaxPause.TotalMilliseconds, 25 * Math.Pow(2, Math.Min(attempt, 10)));
                await Task.Delay(TimeSpan.FromMilliseconds(pause), cancellationToken).ConfigureAwait(false);
            }
            catch (ConnectionLossException)
            {
                return; // the client was closed, and its session with it
            }
        }
    }

    /// <summary>
    /// Deletes a node we no longer want without holding up a caller who is leaving: while connected it waits
    /// (one round trip); otherwise the deletion finishes in the background after the reconnect.
    /// </summary>
    public static async Task DeleteSoonAsync(ZooKeeperClient client, string path, ILogger logger)
    {
        var removal = DeleteAsync(client, path, logger);
        if (client.CurrentState is ConnectionState.Connected or ConnectionState.ReadOnly)
        {
            try
            {
                await removal.ConfigureAwait(false);
            }
            catch (KeeperException exception)
            {
                logger.LogWarning(exception, "Could not delete {Path}", path);
            }
        }
        else
        {
            _ = removal.ContinueWith(
                task => logger.LogWarning(task.Exception, "Could not delete {Path}", path),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }
}
