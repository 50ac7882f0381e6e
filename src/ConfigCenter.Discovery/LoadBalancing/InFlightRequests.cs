using System.Collections.Concurrent;

namespace ConfigCenter.Discovery;

/// <summary>Counts requests in flight per instance; a lease counts one until disposed.</summary>
internal sealed class InFlightRequests : IInstanceLoad
{
    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);

    public int OutstandingRequests(string instanceId) => _counters.TryGetValue(instanceId, out var counter) ? Volatile.Read(ref counter.Value) : 0;

    public Lease Begin(string instanceId)
    {
        var counter = _counters.GetOrAdd(instanceId, static _ => new Counter());
        Interlocked.Increment(ref counter.Value);
        return new Lease(counter);
    }

    /// <summary>Ends one request's count; disposing twice counts once.</summary>
    internal sealed class Lease(Counter counter) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) Interlocked.Decrement(ref counter.Value);
        }
    }

    internal sealed class Counter
    {
        public int Value;
    }
}
