using ConfigCenter.Client;

namespace ConfigCenter.Testing.ClientHarness;

/// <summary>Records a client's state changes from creation on, and lets a test await a given state.</summary>
public sealed class StateRecorder : IDisposable
{
    private readonly ConnectionStateSubscription _subscription;
    private readonly List<ConnectionStateChange> _seen = [];

    public StateRecorder(ZooKeeperClient client) => _subscription = client.SubscribeToStateChanges();

    public IReadOnlyList<ConnectionStateChange> Seen => _seen;

    /// <summary>Reads changes until one enters <paramref name="state"/>; returns it.</summary>
    public async Task<ConnectionStateChange> WaitForAsync(ConnectionState state)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Event);
        try
        {
            while (true)
            {
                var change = await _subscription.Reader.ReadAsync(timeout.Token);
                _seen.Add(change);
                if (change.Current == state) return change;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"State {state} not reached within {TestTimeouts.Event}; seen: {string.Join(", ", _seen.Select(c => c.Current))}");
        }
    }

    /// <summary>The changes received but not yet read by <see cref="WaitForAsync"/>.</summary>
    public IReadOnlyList<ConnectionStateChange> TakeBuffered()
    {
        var buffered = new List<ConnectionStateChange>();
        while (_subscription.Reader.TryRead(out var change)) buffered.Add(change);
        _seen.AddRange(buffered);
        return buffered;
    }

    public void Dispose() => _subscription.Dispose();
}
