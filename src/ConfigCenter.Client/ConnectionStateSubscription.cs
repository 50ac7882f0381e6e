using System.Threading.Channels;

namespace ConfigCenter.Client;

/// <summary>
/// An ordered stream of a client's state changes from the moment of subscribing; dispose it to stop
/// receiving. Changes are buffered, so a slow reader never blocks the client.
/// </summary>
public sealed class ConnectionStateSubscription : IDisposable
{
    private readonly Channel<ConnectionStateChange> _changes = Channel.CreateUnbounded<ConnectionStateChange>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly Action<ConnectionStateSubscription> _unsubscribe;

    internal ConnectionStateSubscription(Action<ConnectionStateSubscription> unsubscribe) => _unsubscribe = unsubscribe;

    /// <summary>The changes, in order; completes when the subscription is disposed or the client closes.</summary>
    public ChannelReader<ConnectionStateChange> Reader => _changes.Reader;

    /// <summary>Reads the changes as an async stream.</summary>
    public IAsyncEnumerable<ConnectionStateChange> ReadAllAsync(CancellationToken cancellationToken = default) =>
        _changes.Reader.ReadAllAsync(cancellationToken);

    /// <summary>Stops the subscription; the reader completes after the changes already buffered.</summary>
    public void Dispose()
    {
        _unsubscribe(this);
        _changes.Writer.TryComplete();
    }

    internal void Publish(ConnectionStateChange change)
    {
        _changes.Writer.TryWrite(change);
        if (change.Current == ConnectionState.Closed) _changes.Writer.TryComplete();
    }
}
