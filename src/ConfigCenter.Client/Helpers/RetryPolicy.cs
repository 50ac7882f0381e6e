using ConfigCenter.Client.Exceptions;

namespace ConfigCenter.Client.Helpers;

/// <summary>
/// Bounded exponential backoff with jitter for operations that are safe to repeat. Only a
/// ConnectionLoss is retried: the request may or may not have run, which is harmless only for
/// idempotent operations (reads, and helpers that tolerate their own earlier success). A retried
/// request waits for the client to reconnect, so the delays only space the attempts out.
/// </summary>
public sealed class RetryPolicy
{
    /// <summary>Never retries.</summary>
    public static RetryPolicy None { get; } = new(0, TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>Up to 3 retries, starting at 100 ms and doubling, at most 2 s apart.</summary>
    public static RetryPolicy Default { get; } = new(3, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2));

    /// <summary>Creates a policy.</summary>
    /// <param name="maxRetries">Retries after the first attempt (0 disables retrying).</param>
    /// <param name="baseDelay">The delay ceiling before the first retry; it doubles for each further retry.</param>
    /// <param name="maxDelay">The largest delay ceiling.</param>
    public RetryPolicy(int maxRetries, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetries);
        if (baseDelay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(baseDelay));
        if (maxDelay < baseDelay) throw new ArgumentOutOfRangeException(nameof(maxDelay), "The maximum delay must not be below the base delay.");
        MaxRetries = maxRetries;
        BaseDelay = baseDelay;
        MaxDelay = maxDelay;
    }

    /// <summary>Retries after the first attempt.</summary>
    public int MaxRetries { get; }

    /// <summary>The delay ceiling before the first retry.</summary>
    public TimeSpan BaseDelay { get; }

    /// <summary>The largest delay ceiling.</summary>
    public TimeSpan MaxDelay { get; }

    /// <summary>
    /// The pause before retry number <paramref name="retry"/> (0-based): a random value between half
    /// the ceiling and the ceiling, so clients that failed together do not retry together.
    /// </summary>
    public TimeSpan DelayBefore(int retry)
    {
        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry, 30)));
        return TimeSpan.FromMilliseconds(ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2);
    }

    /// <summary>Runs <paramref name="operation"/>, retrying it on ConnectionLoss within the policy's bounds.</summary>
    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        for (var retry = 0; ; retry++)
        {
            try
            {
                return await operation(cancellationToken).ConfigureAwait(false);
            }
            catch (ConnectionLossException) when (retry < MaxRetries)
            {
                await Task.Delay(DelayBefore(retry), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Runs <paramref name="operation"/>, retrying it on ConnectionLoss within the policy's bounds.</summary>
    public Task ExecuteAsync(Func<CancellationToken, Task> operation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return ExecuteAsync(async token =>
        {
            await operation(token).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }
}
