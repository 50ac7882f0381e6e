using ConfigCenter.Client.Exceptions;

namespace ConfigCenter.Client.Recipes.Internal;

/// <summary>
/// Retries an idempotent recipe step after a ConnectionLoss for as long as the client lives: the next attempt
/// waits for the reconnect. Recipes use it whatever the client's own retry policy, for steps whose repetition
/// is harmless (create-if-missing, delete-if-present, reads).
/// </summary>
internal static class ConnectionLossRetry
{
    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(1);

    public static async Task<T> RunAsync<T>(ZooKeeperClient client, Func<CancellationToken, Task<T>> step, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await step(cancellationToken).ConfigureAwait(false);
            }
            catch (ConnectionLossException) when (client.CurrentState != ConnectionState.Closed)
            {
                var pause = Math.Min(MaxPause.TotalMilliseconds, 25 * Math.Pow(2, Math.Min(attempt, 10)));
                await Task.Delay(TimeSpan.FromMilliseconds(pause), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public static Task RunAsync(ZooKeeperClient client, Func<CancellationToken, Task> step, CancellationToken cancellationToken) =>
        RunAsync(client, async token =>
        {
            await step(token).ConfigureAwait(false);
            return true;
        }, cancellationToken);
}
