using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Server.Tests.Core;

/// <summary>checkWatches and removeWatches: per connection, per watch type, NoWatcher when there is nothing to find.</summary>
public class RemoveWatchesTests
{
    private readonly CoreHarness _zk = new();
    private readonly RecordingConnection _writer;
    private readonly RecordingConnection _watcher;

    public RemoveWatchesTests()
    {
        _writer = _zk.Connect();
        _watcher = _zk.Connect();
        _zk.Create(_writer, "/p").AssertOk();
    }

    private ReplyOutput Remove(string path, WatcherType type, RecordingConnection? connection = null) =>
        _zk.Send(connection ?? _watcher, OpCode.RemoveWatches, new RemoveWatchesRequest(path, type));

    private ReplyOutput Check(string path, WatcherType type) =>
        _zk.Send(_watcher, OpCode.CheckWatches, new RemoveWatchesRequest(path, type));

    private List<WatcherEvent> EventsDuring(Action step)
    {
        var mark = _watcher.Mark;
        step();
        return _watcher.EventsSince(mark);
    }

    [Fact]
    public void Without_a_watch_check_and_remove_are_NoWatcher()
    {
        Check("/p", WatcherType.Any).AssertError(ErrorCode.NoWatcher);
        Remove("/p", WatcherType.Any).AssertError(ErrorCode.NoWatcher);
        Remove("/missing", WatcherType.Data).AssertError(ErrorCode.NoWatcher);
    }

    [Fact]
    public void CheckWatches_finds_the_watch_without_removing_it()
    {
        _zk.GetData(_watcher, "/p", watch: true).AssertOk();

        Check("/p", WatcherType.Data).AssertOk();
        Check("/p", WatcherType.Any).AssertOk();
        Check("/p", WatcherType.Children).AssertError(ErrorCode.NoWatcher);

        Assert.Equal([Ev.DataChanged("/p")], EventsDuring(() => _zk.SetData(_writer, "/p", "x").AssertOk()));
    }

    [Fact]
    public void Removing_a_data_watch_stops_its_notification_and_sends_none_itself()
    {
        _zk.GetData(_watcher, "/p", watch: true).AssertOk();
        var mark = _watcher.Mark;

        var reply = Remove("/p", WatcherType.Data).AssertOk();

        Assert.Equal([reply], _watcher.Since(mark));
        Assert.Empty(EventsDuring(() => _zk.SetData(_writer, "/p", "x").AssertOk()));
        Remove("/p", WatcherType.Data).AssertError(ErrorCode.NoWatcher);
    }

    [Fact]
    public void Removing_an_exists_watch_on_a_missing_node_uses_the_data_type()
    {
        _zk.Exists(_watcher, "/later", watch: true).AssertError(ErrorCode.NoNode);

        Remove("/later", WatcherType.Data).AssertOk();

        Assert.Empty(EventsDuring(() => _zk.Create(_writer, "/later").AssertOk()));
    }

    [Fact]
    public void Removing_the_child_watch_keeps_the_data_watch_of_the_same_path()
    {
        _zk.GetData(_watcher, "/p", watch: true).AssertOk();
        _zk.GetChildren(_watcher, "/p", watch: true).AssertOk();

        Remove("/p", WatcherType.Children).AssertOk();

        Assert.Equal([Ev.DataChanged("/p")], EventsDuring(() =>
        {
            _zk.Create(_writer, "/p/c").AssertOk();
            _zk.SetData(_writer, "/p", "x").AssertOk();
        }));
    }

    [Fact]
    public void Removing_any_removes_data_and_child_watches()
    {
        _zk.GetData(_watcher, "/p", watch: true).AssertOk();
        _zk.GetChildren(_watcher, "/p", watch: true).AssertOk();

        Remove("/p", WatcherType.Any).AssertOk();

        Assert.Empty(EventsDuring(() =>
        {
            _zk.Create(_writer, "/p/c").AssertOk();
            _zk.SetData(_writer, "/p", "x").AssertOk();
        }));
        Assert.Equal(0, _zk.Core.Tree.DataWatches.WatchCount);
        Assert.Equal(0, _zk.Core.Tree.ChildWatches.WatchCount);
    }

    [Fact]
    public void Removing_the_data_side_of_a_persistent_watch_keeps_its_child_side()
    {
        _zk.Send(_watcher, OpCode.AddWatch, new AddWatchRequest("/p", AddWatchMode.Persistent)).AssertOk();

        Remove("/p", WatcherType.Data).AssertOk();

        Assert.Equal([Ev.ChildrenChanged("/p")], EventsDuring(() =>
        {
            _zk.SetData(_writer, "/p", "x").AssertOk();
            _zk.Create(_writer, "/p/c").AssertOk();
        }));
    }

    [Fact]
    public void Removing_any_removes_persistent_and_recursive_watches()
    {
        _zk.Send(_watcher, OpCode.AddWatch, new AddWatchRequest("/p", AddWatchMode.Persistent)).AssertOk();
        _zk.Send(_watcher, OpCode.AddWatch, new AddWatchRequest("/", AddWatchMode.PersistentRecursive)).AssertOk();

        Remove("/p", WatcherType.Any).AssertOk();
        Remove("/", WatcherType.Any).AssertOk();

        Assert.Empty(EventsDuring(() =>
        {
            _zk.SetData(_writer, "/p", "x").AssertOk();
            _zk.Create(_writer, "/p/c").AssertOk();
        }));
    }

    [Fact]
    public void A_connection_cannot_check_or_remove_another_connections_watch()
    {
        _zk.GetData(_writer, "/p", watch: true).AssertOk();

        Remove("/p", WatcherType.Data).AssertError(ErrorCode.NoWatcher);

        var mark = _writer.Mark;
        _zk.SetData(_watcher, "/p", "x").AssertOk();
        Assert.Equal([Ev.DataChanged("/p")], _writer.EventsSince(mark));
    }

    [Fact]
    public void An_unknown_watcher_type_is_MarshallingError()
    {
        _zk.GetData(_watcher, "/p", watch: true).AssertOk();

        Remove("/p", (WatcherType)9).AssertError(ErrorCode.MarshallingError);
        Check("/p", (WatcherType)0).AssertError(ErrorCode.MarshallingError);
    }

    [Fact]
    public void Watch_removal_consumes_no_zxid()
    {
        _zk.GetData(_watcher, "/p", watch: true).AssertOk();
        var lastZxid = _zk.LastZxid;

        Assert.Equal(lastZxid, Remove("/p", WatcherType.Data).AssertOk().Header.Zxid);
        Assert.Equal(lastZxid, _zk.LastZxid);
    }
}
