using ConfigCenter.Client.Connection;
using ConfigCenter.Client.Watches;
using ConfigCenter.Protocol;

namespace ConfigCenter.Client.Tests.Watches;

public sealed class WatchRegistryTests
{
    private readonly WatchRegistry _registry = new();
    private readonly IWatcher _a = Watcher.Create(_ => { });
    private readonly IWatcher _b = Watcher.Create(_ => { });

    [Fact]
    public void One_shot_watches_are_consumed_by_the_events_that_fire_them()
    {
        _registry.Add(WatchKind.Data, "/n", _a);
        _registry.Add(WatchKind.Child, "/n", _b);

        Assert.Equal([_a], _registry.Materialize(EventType.NodeDataChanged, "/n"));
        Assert.Empty(_registry.Materialize(EventType.NodeDataChanged, "/n"));
        Assert.Equal([_b], _registry.Materialize(EventType.NodeDeleted, "/n"));
        Assert.True(_registry.IsEmpty);
    }

    [Fact]
    public void Persistent_watches_stay_and_recursive_ones_cover_descendants()
    {
        _registry.Add(WatchKind.Persistent, "/a", _a);
        _registry.Add(WatchKind.PersistentRecursive, "/", _b);

        Assert.Equal(2, _registry.Materialize(EventType.NodeDataChanged, "/a").Count);
        Assert.Equal([_b], _registry.Materialize(EventType.NodeCreated, "/a/b/c"));
        Assert.Equal(2, _registry.Materialize(EventType.NodeDataChanged, "/a").Count);
    }

    [Fact]
    public void State_events_reach_every_watcher_and_remove_none()
    {
        _registry.Add(WatchKind.Exist, "/x", _a);
        _registry.Add(WatchKind.Persistent, "/y", _b);

        Assert.Equal(2, _registry.Materialize(EventType.None, null).Count);
        Assert.False(_registry.IsEmpty);
    }

    [Fact]
    public void Removal_by_type_reports_the_event_each_watcher_is_told()
    {
        _registry.Add(WatchKind.Data, "/n", _a);
        _registry.Add(WatchKind.Exist, "/n", _b);
        _registry.Add(WatchKind.Child, "/n", _a);

        Assert.True(_registry.Contains("/n", _b, WatcherType.Data));
        Assert.False(_registry.Contains("/n", _b, WatcherType.Children));
        Assert.Equal([(_b, EventType.DataWatchRemoved)], _registry.Remove("/n", _b, WatcherType.Data));
        var removed = _registry.Remove("/n", null, WatcherType.Any);
        Assert.Contains((_a, EventType.ChildWatchRemoved), removed);
        Assert.Contains((_a, EventType.DataWatchRemoved), removed);
        Assert.True(_registry.IsEmpty);
    }

    [Fact]
    public void SetWatches_batches_stay_near_128_KiB_and_use_version_2_only_for_persistent_watches()
    {
        var longName = new string('x', 1000);
        for (var i = 0; i < 300; i++) _registry.Add(WatchKind.Data, $"/{longName}{i}", _a);
        _registry.Add(WatchKind.PersistentRecursive, "/r", _b);

        var batches = SetWatchesBatcher.Build(_registry.Snapshot(), lastZxid: 42, new ChrootPath("/app"));

        Assert.Equal(3, batches.Count);
        Assert.Equal([OpCode.SetWatches, OpCode.SetWatches, OpCode.SetWatches2], batches.Select(b => b.OpCode));
        Assert.All(batches, b => Assert.Equal(42, b.Body.Watches.RelativeZxid));
        Assert.All(batches[0].Body.Watches.DataWatches, path => Assert.StartsWith("/app/", path));
        Assert.Equal(300, batches.Sum(b => b.Body.Watches.DataWatches.Count));
        Assert.Equal(["/app/r"], batches[2].Body.Watches.PersistentRecursiveWatches);
    }
}
