using System.Threading.Channels;
using ConfigCenter.Client.Watches;
using ConfigCenter.Protocol;
using Xunit;

namespace ConfigCenter.Testing.ClientHarness;

/// <summary>A watcher that records node events (state events are ignored) for tests to await.</summary>
public sealed class EventCollector : IWatcher
{
    private readonly Channel<WatchedEvent> _events = Channel.CreateUnbounded<WatchedEvent>();
    private readonly List<WatchedEvent> _all = [];

    public IReadOnlyList<WatchedEvent> All
    {
        get { lock (_all) return [.. _all]; }
    }

    public void Process(WatchedEvent watchedEvent)
    {
        if (watchedEvent.Type == EventType.None) return;
        lock (_all) _all.Add(watchedEvent);
        _events.Writer.TryWrite(watchedEvent);
    }

    public async Task<WatchedEvent> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Event);
        try
        {
            return await _events.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No watch event within {TestTimeouts.Event}; seen so far: {string.Join(", ", All)}");
        }
    }

    public async Task<WatchedEvent> NextAsync(EventType expectedType, string expectedPath)
    {
        var next = await NextAsync();
        Assert.Equal((expectedType, expectedPath), (next.Type, next.Path));
        return next;
    }
}
