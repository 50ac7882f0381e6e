using System.Diagnostics;

namespace ConfigCenter.Discovery.Benchmark;

/// <summary>
/// Waits until every consumer's cache satisfies a condition about one instance and records, per
/// consumer, how long after the start mark its cache first showed it (the moment it published the change).
/// </summary>
public sealed class PropagationProbe : IDisposable
{
    private readonly IReadOnlyList<ZkDiscoveryClient> _consumers;
    private readonly string _service;
    private readonly Func<ServiceInstancesSnapshot, bool> _condition;
    private readonly long[] _seenAt;
    private readonly EventHandler<ServiceInstancesChangedEventArgs>[] _handlers;
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _remaining;

    public PropagationProbe(IReadOnlyList<ZkDiscoveryClient> consumers, string service, Func<ServiceInstancesSnapshot, bool> condition)
    {
        _consumers = consumers;
        _service = service;
        _condition = condition;
        _seenAt = new long[consumers.Count];
        _handlers = new EventHandler<ServiceInstancesChangedEventArgs>[consumers.Count];
        _remaining = consumers.Count;
        for (var i = 0; i < consumers.Count; i++)
        {
            var index = i;
            _handlers[i] = (_, change) => Observe(index, change.Current);
            consumers[i].InstancesChanged += _handlers[i];
        }
    }

    /// <summary>Timestamp (Stopwatch ticks) taken just before the registry write.</summary>
    public long StartedAt { get; private set; }

    public void MarkStart() => StartedAt = Stopwatch.GetTimestamp();

    public async Task<TimeSpan[]> WaitAsync(TimeSpan timeout)
    {
        await _all.Task.WaitAsync(timeout);
        return [.. _seenAt.Select(seen => Stopwatch.GetElapsedTime(StartedAt, seen))];
    }

    public void Dispose()
    {
        for (var i = 0; i < _consumers.Count; i++) _consumers[i].InstancesChanged -= _handlers[i];
    }

    private void Observe(int index, ServiceInstancesSnapshot snapshot)
    {
        if (snapshot.ServiceId != _service || !_condition(snapshot)) return;
        if (Interlocked.CompareExchange(ref _seenAt[index], Stopwatch.GetTimestamp(), 0) != 0) return;
        if (Interlocked.Decrement(ref _remaining) == 0) _all.TrySetResult();
    }
}
