using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Client.Watches;

/// <summary>
/// The client's single event thread: watch events and connection-state notifications are queued in
/// the order they happen and handed out one at a time, so no two callbacks of a client ever run
/// concurrently and none runs on the socket loop.
/// </summary>
internal sealed class EventDispatcher
{
    // Flows into async code started by a callback, so DisposeAsync called from a watcher knows not to wait for itself.
    private static readonly AsyncLocal<EventDispatcher?> Running = new();

    private readonly Channel<Action> _queue = Channel.CreateUnbounded<Action>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ILogger _logger;
    private readonly Task _loop;

    public EventDispatcher(ILogger logger)
    {
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>True inside one of this dispatcher's callbacks, or async code it started (waiting for the dispatcher there would deadlock).</summary>
    public bool IsInsideCallback => ReferenceEquals(Running.Value, this);

    public void Post(WatchedEvent watchedEvent, IReadOnlyCollection<IWatcher> watchers)
    {
        if (watchers.Count == 0) return;
        Post(() =>
        {
            foreach (var watcher in watchers)
            {
                try
                {
                    watcher.Process(watchedEvent);
                }
                catch (Exception exception)
                {
                    _logger.LogError(exception, "Watcher {Watcher} failed on {Event}", watcher, watchedEvent);
                }
            }
        });
    }

    public void Post(Action callback) => _queue.Writer.TryWrite(callback);

    /// <summary>Queues a callback; false when the dispatcher was completed (the client is closed).</summary>
    public bool TryPost(Action callback) => _queue.Writer.TryWrite(callback);

    /// <summary>Runs what is queued, then stops.</summary>
    public Task CompleteAsync()
    {
        _queue.Writer.TryComplete();
        return IsInsideCallback ? Task.CompletedTask : _loop;
    }

    private async Task RunAsync()
    {
        await foreach (var callback in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            Running.Value = this;
            try
            {
                callback();
            }
            catch (Exception exception)
            {
                _logger.LogError(exception, "Event callback failed");
            }
            finally
            {
                Running.Value = null;
            }
        }
    }
}
