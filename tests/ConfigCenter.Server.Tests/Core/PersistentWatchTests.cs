using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Server.Tests.Core;

/// <summary>addWatch: PERSISTENT (the node itself, data and children, until removed) and PERSISTENT_RECURSIVE (the subtree, never NodeChildrenChanged).</summary>
public class PersistentWatchTests
{
    private readonly CoreHarness _zk = new();
    private readonly RecordingConnection _writer;
    private readonly RecordingConnection _watcher;

    public PersistentWatchTests()
    {
        _writer = _zk.Connect();
        _watcher = _zk.Connect();
        _zk.Create(_writer, "/p").AssertOk();
        _zk.Create(_writer, "/r").AssertOk();
    }

    private ReplyOutput AddWatch(string path, AddWatchMode mode) =>
        _zk.Send(_watcher, OpCode.AddWatch, new AddWatchRequest(path, mode));

    private List<WatcherEvent> EventsDuring(Action step)
    {
        var mark = _watcher.Mark;
        step();
        return _watcher.EventsSince(mark);
    }

    [Fact]
    public void AddWatch_answers_with_an_ErrorResponse_of_0_and_consumes_no_zxid()
    {
        var lastZxid = _zk.LastZxid;

        var reply = AddWatch("/p", AddWatchMode.Persistent);

        Assert.Equal(new ErrorResponse(ErrorCode.Ok), reply.BodyAs<ErrorResponse>());
        Assert.Equal(lastZxid, reply.Header.Zxid);
        Assert.Equal(lastZxid, _zk.LastZxid);
    }

    [Fact]
    public void AddWatch_with_an_unknown_mode_is_MarshallingError()
    {
        AddWatch("/p", (AddWatchMode)7).AssertError(ErrorCode.MarshallingError);
    }

    [Fact]
    public void A_persistent_watch_stays_after_firing()
    {
        AddWatch("/p", AddWatchMode.Persistent).AssertOk();

        var events = EventsDuring(() =>
        {
            _zk.SetData(_writer, "/p", "1").AssertOk();
            _zk.SetData(_writer, "/p", "2").AssertOk();
            _zk.Create(_writer, "/p/a").AssertOk();
            _zk.Create(_writer, "/p/b").AssertOk();
            _zk.Delete(_writer, "/p/a").AssertOk();
        });

        Assert.Equal(
            [Ev.DataChanged("/p"), Ev.DataChanged("/p"), Ev.ChildrenChanged("/p"), Ev.ChildrenChanged("/p"), Ev.ChildrenChanged("/p")],
            events);
    }

    [Fact]
    public void A_persistent_watch_ignores_changes_below_the_children()
    {
        _zk.Create(_writer, "/p/a").AssertOk();
        AddWatch("/p", AddWatchMode.Persistent).AssertOk();

        Assert.Empty(EventsDuring(() =>
        {
            _zk.SetData(_writer, "/p/a", "x").AssertOk();
            _zk.Create(_writer, "/p/a/deep").AssertOk();
        }));
    }

    [Fact]
    public void A_persistent_watch_fires_NodeDeleted_once_and_survives_the_deletion()
    {
        AddWatch("/p", AddWatchMode.Persistent).AssertOk();

        Assert.Equal([Ev.Deleted("/p")], EventsDuring(() => _zk.Delete(_writer, "/p").AssertOk()));
        Assert.Equal([Ev.Created("/p")], EventsDuring(() => _zk.Create(_writer, "/p").AssertOk()));
    }

    [Fact]
    public void A_persistent_watch_on_a_missing_node_fires_when_it_is_created()
    {
        AddWatch("/later", AddWatchMode.Persistent).AssertOk();

        Assert.Equal([Ev.Created("/later")], EventsDuring(() => _zk.Create(_writer, "/later").AssertOk()));
    }

    [Fact]
    public void A_recursive_watch_fires_for_every_descendant_but_never_NodeChildrenChanged()
    {
        AddWatch("/r", AddWatchMode.PersistentRecursive).AssertOk();

        var events = EventsDuring(() =>
        {
            _zk.Create(_writer, "/r/a").AssertOk();
            _zk.Create(_writer, "/r/a/b").AssertOk();
            _zk.SetData(_writer, "/r/a/b", "x").AssertOk();
            _zk.SetData(_writer, "/r", "x").AssertOk();
            _zk.Delete(_writer, "/r/a/b").AssertOk();
            _zk.Delete(_writer, "/r/a").AssertOk();
        });

        Assert.Equal(
            [Ev.Created("/r/a"), Ev.Created("/r/a/b"), Ev.DataChanged("/r/a/b"), Ev.DataChanged("/r"), Ev.Deleted("/r/a/b"), Ev.Deleted("/r/a")],
            events);
    }

    [Fact]
    public void A_recursive_watch_does_not_fire_for_a_sibling_sharing_its_name_as_a_prefix()
    {
        AddWatch("/r", AddWatchMode.PersistentRecursive).AssertOk();

        Assert.Empty(EventsDuring(() =>
        {
            _zk.Create(_writer, "/rx").AssertOk();
            _zk.SetData(_writer, "/p", "x").AssertOk();
        }));
    }

    [Fact]
    public void A_recursive_watch_on_the_root_sees_the_whole_tree()
    {
        AddWatch("/", AddWatchMode.PersistentRecursive).AssertOk();

        Assert.Equal([Ev.Created("/p/x"), Ev.DataChanged("/r")], EventsDuring(() =>
        {
            _zk.Create(_writer, "/p/x").AssertOk();
            _zk.SetData(_writer, "/r", "x").AssertOk();
        }));
    }

    [Fact]
    public void A_recursive_watch_and_a_one_shot_child_watch_together_give_both_events_in_order()
    {
        AddWatch("/r", AddWatchMode.PersistentRecursive).AssertOk();
        _zk.GetChildren(_watcher, "/r", watch: true).AssertOk();

        Assert.Equal([Ev.Created("/r/a"), Ev.ChildrenChanged("/r")], EventsDuring(() => _zk.Create(_writer, "/r/a").AssertOk()));
    }

    [Fact]
    public void A_change_covered_by_a_one_shot_and_a_recursive_watch_is_notified_once()
    {
        _zk.Create(_writer, "/r/a").AssertOk();
        AddWatch("/r", AddWatchMode.PersistentRecursive).AssertOk();
        _zk.GetData(_watcher, "/r/a", watch: true).AssertOk();

        Assert.Equal([Ev.DataChanged("/r/a")], EventsDuring(() => _zk.SetData(_writer, "/r/a", "x").AssertOk()));
        // The one-shot watch was used up; the recursive one still fires.
        Assert.Equal([Ev.DataChanged("/r/a")], EventsDuring(() => _zk.SetData(_writer, "/r/a", "y").AssertOk()));
    }

    [Fact]
    public void Nested_recursive_watches_of_one_connection_notify_it_once()
    {
        AddWatch("/", AddWatchMode.PersistentRecursive).AssertOk();
        AddWatch("/r", AddWatchMode.PersistentRecursive).AssertOk();

        Assert.Equal([Ev.Created("/r/a")], EventsDuring(() => _zk.Create(_writer, "/r/a").AssertOk()));
    }

    [Fact]
    public void A_persistent_watch_on_a_parent_does_not_fire_for_a_childs_data()
    {
        AddWatch("/r", AddWatchMode.Persistent).AssertOk();
        _zk.Create(_writer, "/r/a").AssertOk();
        var mark = _watcher.Mark;

        _zk.SetData(_writer, "/r/a", "x").AssertOk();

        Assert.Empty(_watcher.EventsSince(mark));
    }
}
