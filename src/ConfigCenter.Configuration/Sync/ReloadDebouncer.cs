namespace ConfigCenter.Configuration.Sync;

/// <summary>
/// Coalesces a burst of notifications: after the first one, waits until none came for the quiet period,
/// but never longer than the cap, so a steady stream of writes still reloads regularly.
/// </summary>
internal sealed class ReloadDebouncer(WorkSignal signal, TimeSpan quietPeriod, TimeSpan maxDelay, TimeProvider time)
{
    /// <summary>Waits for a notification, then for the burst it starts to settle.</summary>
    public async Task WaitForSettledBurstAsync(CancellationToken cancellationToken)
    {
        await signal.WaitAsync(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        if (quietPeriod <= TimeSpan.Zero) return;
        var deadline = time.GetTimestamp() + (long)(maxDelay.TotalSeconds * time.TimestampFrequency);
        while (true)
        {
            var remaining = TimeSpan.FromSeconds((double)(deadline - time.GetTimestamp()) / time.TimestampFrequency);
            if (remaining <= TimeSpan.Zero) return;
            var wait = remaining < quietPeriod ? remaining : quietPeriod;
            if (!await signal.WaitAsync(wait, cancellationToken).ConfigureAwait(false)) return;
        }
    }
}
