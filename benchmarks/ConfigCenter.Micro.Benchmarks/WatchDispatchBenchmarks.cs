using BenchmarkDotNet.Attributes;
using ConfigCenter.Protocol;
using ConfigCenter.Server.Watches;

namespace ConfigCenter.Micro.Benchmarks;

/// <summary>
/// Watch dispatch: a change of one node fired to 1,000 watchers, each a connection that encodes the
/// notification frame as the server's connections do. One-shot data watches must be set again after they
/// fire (as the fan-out workload's watchers do), so that benchmark includes adding them; persistent watches
/// stay, so that one is the dispatch alone.
/// </summary>
[MemoryDiagnoser]
public class WatchDispatchBenchmarks
{
    private const string Path = "/config/orders/flag";
    private readonly WatchManager _oneShot = new();
    private readonly WatchManager _persistent = new();
    private BenchConnection[] _watchers = [];

    [Params(1000)]
    public int Watchers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _watchers = Enumerable.Range(0, Watchers).Select(_ => new BenchConnection()).ToArray();
        foreach (var watcher in _watchers) _persistent.Add(Path, watcher, WatchMode.Persistent);
    }

    [Benchmark(Description = "add 1,000 one-shot watches, trigger")]
    public int TriggerOneShot()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Reset();
            _oneShot.Add(Path, watcher, WatchMode.Standard);
        }

        return _oneShot.Trigger(Path, EventType.NodeDataChanged)?.Count ?? 0;
    }

    [Benchmark(Description = "add 1,000 one-shot watches only")]
    public int AddOneShot()
    {
        foreach (var watcher in _watchers) _oneShot.Add(Path, watcher, WatchMode.Standard);
        var count = _oneShot.WatchCount;
        foreach (var watcher in _watchers) _oneShot.Remove(Path, watcher, WatchMode.Standard);
        return count;
    }

    [Benchmark(Description = "trigger 1,000 persistent watches")]
    public int TriggerPersistent()
    {
        foreach (var watcher in _watchers) watcher.Reset();
        return _persistent.Trigger(Path, EventType.NodeDataChanged)?.Count ?? 0;
    }
}
