namespace ConfigCenter.Client.Recipes.Internal;

/// <summary>
/// The caller's token combined with an optional timeout. As in Curator, the timeout bounds the waits for
/// other parties (a predecessor, a barrier, a lease, an item), not the requests themselves: those stop only
/// for the caller's token, so even a zero timeout makes one attempt. The operation can tell "the time is up"
/// (return false) from "the caller cancelled" (throw).
/// </summary>
internal sealed class TimeoutScope : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly CancellationToken _callerToken;

    public TimeoutScope(TimeSpan? timeout, CancellationToken callerToken)
    {
        if (timeout is { } value && value != Timeout.InfiniteTimeSpan && value < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(timeout), value, "The timeout must be zero or more, or infinite.");
        _callerToken = callerToken;
        _source = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
        if (timeout is { } limit && limit != Timeout.InfiniteTimeSpan) _source.CancelAfter(limit);
    }

    /// <summary>For waits: cancelled when the caller cancels or the time is up.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>For requests: the caller's token alone.</summary>
    public CancellationToken RequestToken => _callerToken;

    /// <summary>True when the time ran out (and the caller did not cancel).</summary>
    public bool TimedOut => _source.IsCancellationRequested && !_callerToken.IsCancellationRequested;

    public void Dispose() => _source.Dispose();
}
