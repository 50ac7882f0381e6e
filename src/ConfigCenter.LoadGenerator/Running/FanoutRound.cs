namespace ConfigCenter.LoadGenerator.Running;

/// <summary>
/// The shared state of one watch fan-out round: how many watchers hold a watch again, and how many have
/// been notified of the round's write, with the time the last of them was. Watchers report from their
/// receive loops; the writer waits for "all armed", calls <see cref="Begin"/>, writes, and waits for
/// "all notified". Re-arming follows a notification, which follows the write, which follows
/// <see cref="Begin"/>: so resetting the counters there cannot lose a report.
/// </summary>
internal sealed class FanoutRound(int watchers)
{
    private int _armed;
    private int _notified;
    private long _lastNotifiedTimestamp;
    private TaskCompletionSource _allArmed = NewSignal();
    private TaskCompletionSource<long> _allNotified = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile Exception? _failure;

    public int Watchers => watchers;

    public int NotifiedCount => Volatile.Read(ref _notified);

    public int ArmedCount => Volatile.Read(ref _armed);

    /// <summary>Completes once every watcher holds its watch (for the first round: once all have set it).</summary>
    public Task AllArmed => Volatile.Read(ref _allArmed).Task;

    /// <summary>Completes with the Stopwatch timestamp of the last notification of the round.</summary>
    public Task<long> AllNotified => Volatile.Read(ref _allNotified).Task;

    /// <summary>Starts counting a new round; only when every watcher is armed and before the write goes out.</summary>
    public void Begin()
    {
        if (_failure is { } failure) throw new InvalidOperationException(failure.Message, failure);
        Volatile.Write(ref _armed, 0);
        Volatile.Write(ref _notified, 0);
        Volatile.Write(ref _lastNotifiedTimestamp, 0);
        Volatile.Write(ref _allArmed, NewSignal());
        Volatile.Write(ref _allNotified, new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (_failure is { } late) Fail(late); // failed while the signals were being replaced
    }

    public void Armed()
    {
        if (Interlocked.Increment(ref _armed) == watchers) Volatile.Read(ref _allArmed).TrySetResult();
    }

    public void Notified(long receivedTimestamp)
    {
        // The latest timestamp goes in before the count, so the one who completes the count sees every timestamp.
        var last = Volatile.Read(ref _lastNotifiedTimestamp);
        while (receivedTimestamp > last)
        {
            var seen = Interlocked.CompareExchange(ref _lastNotifiedTimestamp, receivedTimestamp, last);
            if (seen == last) break;
            last = seen;
        }

        if (Interlocked.Increment(ref _notified) == watchers)
            Volatile.Read(ref _allNotified).TrySetResult(Volatile.Read(ref _lastNotifiedTimestamp));
    }

    /// <summary>A watcher's session broke: the round can never complete.</summary>
    public void Fail(Exception failure)
    {
        _failure ??= failure;
        Volatile.Read(ref _allArmed).TrySetException(failure);
        Volatile.Read(ref _allNotified).TrySetException(failure);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
