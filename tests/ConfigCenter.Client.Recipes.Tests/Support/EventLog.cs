using System.Threading.Channels;

namespace ConfigCenter.Client.Recipes.Tests.Support;

/// <summary>Records what a recipe reports (events, callbacks) and lets a test await the next item.</summary>
public sealed class EventLog<T>
{
    private readonly Channel<T> _pending = Channel.CreateUnbounded<T>();
    private readonly List<T> _all = [];

    public IReadOnlyList<T> All
    {
        get { lock (_all) return [.. _all]; }
    }

    public void Add(T item)
    {
        lock (_all) _all.Add(item);
        _pending.Writer.TryWrite(item);
    }

    /// <summary>The next item not yet taken.</summary>
    public async Task<T> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Event);
        try
        {
            return await _pending.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Nothing new within {TestTimeouts.Event}; seen so far: {string.Join(", ", All)}");
        }
    }

    /// <summary>Takes items until one matches; returns it.</summary>
    public async Task<T> NextMatchingAsync(Func<T, bool> predicate)
    {
        while (true)
        {
            var item = await NextAsync();
            if (predicate(item)) return item;
        }
    }

    /// <summary>The items not yet taken, without waiting.</summary>
    public IReadOnlyList<T> TakeBuffered()
    {
        var items = new List<T>();
        while (_pending.Reader.TryRead(out var item)) items.Add(item);
        return items;
    }
}
