namespace ConfigCenter.LoadGenerator.Running;

/// <summary>
/// The bound on requests awaiting replies across all connections (each connection also has its
/// own window). Unbounded when the per-connection windows add up to no more than the total.
/// </summary>
internal sealed class OutstandingLimiter : IDisposable
{
    private readonly SemaphoreSlim? _slots;

    public OutstandingLimiter(int totalLimit, int connections, int perConnection)
    {
        if ((long)connections * perConnection > totalLimit) _slots = new SemaphoreSlim(totalLimit, totalLimit);
    }

    public bool TryAcquire() => _slots?.Wait(0) ?? true;

    /// <summary>
    /// Waits for one slot, for a connection with nothing in flight (no reply of its own would wake it);
    /// false when the timeout passed first, so the caller can send a ping meanwhile.
    /// </summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _slots?.WaitAsync(timeout, cancellationToken) ?? Task.FromResult(true);

    public void Release(int count)
    {
        if (count > 0) _slots?.Release(count);
    }

    public void Dispose() => _slots?.Dispose();
}
