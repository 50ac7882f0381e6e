namespace ConfigCenter.Client.Recipes.Internal;

/// <summary>
/// The caller's token combined with an optional timeout, so one token stops every wait of an operation
/// and the operation can still tell "the time is up" (return false) from "the caller cancelled" (throw).
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

    /// <summary>Cancelled when the caller cancels or the time is up.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>True when the time ran out (and the caller did not cancel).</summary>
    public bool TimedOut => _source.IsCancellationRequested && !_callerToken.IsCancellationRequested;

    public void Dispose() => _source.Dispose();
}
