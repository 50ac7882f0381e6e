namespace ConfigCenter.Configuration.Sync;

/// <summary>An auto-reset wake-up for the sync loop: many notifications before a wait count as one.</summary>
internal sealed class WorkSignal
{
    private readonly object _gate = new();
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Notify()
    {
        lock (_gate) _next.TrySetResult();
    }

    /// <summary>Completes when notified since the last completed wait; true if notified, false on timeout.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task next;
        lock (_gate) next = _next.Task;
        try
        {
            await next.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return false;
        }
        lock (_gate)
            if (_next.Task == next) _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return true;
    }
}
