namespace ConfigCenter.Testing.Network;

/// <summary>Open lets bytes through; closed holds them (without dropping) until opened again.</summary>
public sealed class FlowGate
{
    private readonly object _lock = new();
    private TaskCompletionSource _open = NewOpen();

    public void Close()
    {
        lock (_lock)
            if (_open.Task.IsCompleted) _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Open()
    {
        lock (_lock) _open.TrySetResult();
    }

    public Task WaitOpenAsync(CancellationToken cancellationToken)
    {
        lock (_lock) return _open.Task.WaitAsync(cancellationToken);
    }

    private static TaskCompletionSource NewOpen()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}
