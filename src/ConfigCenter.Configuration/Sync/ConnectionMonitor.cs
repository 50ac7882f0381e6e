using ConfigCenter.Client;

namespace ConfigCenter.Configuration.Sync;

/// <summary>
/// Follows a client's connection states: lets the sync loop wait for a usable session, and flags a
/// full resync whenever the client comes back after a disconnect or a session expiry, because a
/// persistent watch does not replay the changes made while the client was away.
/// </summary>
internal sealed class ConnectionMonitor : IDisposable
{
    private readonly ZooKeeperClient _client;
    private readonly ConnectionStateSubscription _subscription;
    private readonly WorkSignal _workSignal;
    private readonly Task _reader;
    private readonly object _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _resyncNeeded;

    public ConnectionMonitor(ZooKeeperClient client, WorkSignal workSignal)
    {
        _client = client;
        _workSignal = workSignal;
        _subscription = client.SubscribeToStateChanges();
        _reader = Task.Run(ReadChangesAsync);
    }

    /// <summary>True once (and cleared) after the client reconnected or got a new session.</summary>
    public bool TakeResyncNeeded() => Interlocked.Exchange(ref _resyncNeeded, 0) == 1;

    /// <summary>Waits until the client has a usable session; throws when it never can (credentials refused, closed).</summary>
    public async Task WaitUntilConnectedAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate) changed = _changed.Task;
            switch (_client.CurrentState)
            {
                case ConnectionState.Connected or ConnectionState.ReadOnly:
                    return;
                case ConnectionState.AuthFailed:
                    throw new Client.Exceptions.AuthFailedException(message: "The server refused the configured credentials.");
                case ConnectionState.Closed:
                    throw new ObjectDisposedException(nameof(ZooKeeperClient));
                case ConnectionState.Connecting:
                    try
                    {
                        await _client.ConnectAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (TimeoutException)
                    {
                        // The client keeps trying; so do we.
                    }
                    break;
                default:
                    await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }

    public void Dispose() => _subscription.Dispose();

    private async Task ReadChangesAsync()
    {
        await foreach (var change in _subscription.ReadAllAsync().ConfigureAwait(false))
        {
            if (change.Current is ConnectionState.Connected or ConnectionState.ReadOnly
                && change.Previous is ConnectionState.Suspended or ConnectionState.Lost)
            {
                Interlocked.Exchange(ref _resyncNeeded, 1);
                _workSignal.Notify();
            }
            lock (_gate)
            {
                _changed.TrySetResult();
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }
}
