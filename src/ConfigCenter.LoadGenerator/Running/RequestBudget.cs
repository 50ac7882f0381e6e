namespace ConfigCenter.LoadGenerator.Running;

/// <summary>
/// Hands out request tickets (0, 1, 2...) shared by all connections, until the request count is
/// reached or the run is stopped. A ticket names the request (fill uses it as the key index).
/// </summary>
internal sealed class RequestBudget(long limit)
{
    private long _issued;
    private volatile bool _stopped;

    public bool IsStopped => _stopped;

    public bool TryTake(out long ticket)
    {
        ticket = -1;
        if (_stopped) return false;
        var next = Interlocked.Increment(ref _issued) - 1;
        if (next >= limit)
        {
            _stopped = true;
            return false;
        }

        ticket = next;
        return true;
    }

    public void Stop() => _stopped = true;
}
