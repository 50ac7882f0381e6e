using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Server.Tests.Core;

/// <summary>One-shot watches set by exists, getData and getChildren: which events fire, in which order, how often.</summary>
public class WatchTests
{
    private readonly CoreHarness _zk = new();
    private readonly RecordingConnection _writer;
    private readonly RecordingConnection _watcher;

    public WatchTests()
    {
        _writer = _zk.Connect();
        _watcher = _zk.Connect();
        _zk.Create(_writer, "/p", "data").AssertOk();
        _zk.Create(_writer, "/p/c").AssertOk();
    }

    /// <summary>Runs a step and returns the notifications the watcher got during it.</summary>
    private List<WatcherEvent> EventsDuring(Action step)
    {
        var mark = _watcher.Mark;
        step();
        return _watcher.EventsSince(mark);
    }

    [Fact]
    public void An_exists_watch_on_a_missing_node_fires_NodeCreated_then_the_parents_child_watch_fires()
    {
        _zk.Exists(_watcher, "/p/new", watch: true).AssertError(ErrorCode.NoNode);
        _zk.GetChildren(_watcher, "/p", watch: true).AssertOk();

        var events = EventsDuring(() => _zk.Create(_writer, "/p/new").AssertOk());

        Assert.Equal([Ev.Created("/p/new"), Ev.ChildrenChanged("/p")], events);
    }

    [Fact]
    public void An_exists_watch_on_an_existing_node_fires_on_data_change_and_on_delete()
    {
        _zk.Exists(_watcher, "/p/c", watch: true).AssertOk();
        Assert.Equal([Ev.DataChanged("/p/c")], EventsDuring(() => _zk.SetData(_writer, "/p/c", "x").AssertOk()));

        _zk.Exists(_watcher, "/p/c", watch: true).AssertOk();
        Assert.Equal([Ev.Deleted("/p/c")], EventsDuring(() => _zk.Delete(_writer, "/p/c").AssertOk()));
    }

    [Fact]
    public void A_data_watch_fires_once_however_often_the_data_changes()
    {
        _zk.GetData(_watcher, "/p", watch: true).AssertOk();

        var events = EventsDuring(() =>
        {
            _zk.SetData(_writer, "/p", "1").AssertOk();
            _zk.SetData(_writer, "/p", "2").AssertOk();
        });

        Assert.Equal([Ev.DataChanged("/p")], events);
    }

    [Fact]
    public void A_watch_set_twice_on_the_same_path_still_fires_once()
    {
        _zk.GetData(_watcher, "/p", watch: true).AssertOk();
        _zk.GetData(_watcher, "/p", watch: true).AssertOk();
        _zk.Exists(_watcher, "/p", watch: true).AssertOk();

        Assert.Equal([Ev.DataChanged("/p")], EventsDuring(() => _zk.SetData(_writer, "/p", "1").AssertOk()));
    }

    [Fact]
    public void A_child_watch_fires_on_child_create_and_delete_but_not_on_data_changes()
    {
        _zk.GetChildren(_watcher, "/p", watch: true).AssertOk();

        Assert.Empty(EventsDuring(() =>
        {
            _zk.SetData(_writer, "/p", "x").AssertOk();
            _zk.SetData(_writer, "/p/c", "x").AssertOk();
        }));
        Assert.Equal([Ev.ChildrenChanged("/p")], EventsDuring(() => _zk.Create(_writer, "/p/d").AssertOk()));

        _zk.Send(_watcher, OpCode.GetChildren2, new GetChildrenRequest("/p", true)).AssertOk();
        Assert.Equal([Ev.ChildrenChanged("/p")], EventsDuring(() => _zk.Delete(_writer, "/p/d").AssertOk()));
    }

    [Fact]
    public void A_child_watch_does_not_fire_for_grandchildren()
    {
        _zk.GetChildren(_watcher, "/p", watch: true).AssertOk();

        Assert.Empty(EventsDuring(() => _zk.Create(_writer, "/p/c/grandchild").AssertOk()));
    }

    [Fact]
    public void Deleting_a_node_with_a_data_and_a_child_watch_fires_NodeDeleted_once_then_the_parents_child_watch()
    {
        _zk.GetData(_watcher, "/p/c", watch: true).AssertOk();
        _zk.GetChildren(_watcher, "/p/c", watch: true).AssertOk();
        _zk.GetChildren(_watcher, "/p", watch: true).AssertOk();

        var events = EventsDuring(() => _zk.Delete(_writer, "/p/c").AssertOk());

        Assert.Equal([Ev.Deleted("/p/c"), Ev.ChildrenChanged("/p")], events);
    }

    [Fact]
    public void A_node_deletion_consumes_both_its_data_and_child_watches()
    {
        _zk.GetData(_watcher, "/p/c", watch: true).AssertOk();
        _zk.GetChildren(_watcher, "/p/c", watch: true).AssertOk();
        _zk.Delete(_writer, "/p/c").AssertOk();

        Assert.Empty(EventsDuring(() =>
        {
            _zk.Create(_writer, "/p/c").AssertOk();
            _zk.Create(_writer, "/p/c/x").AssertOk();
            _zk.SetData(_writer, "/p/c", "x").AssertOk();
        }));
    }

    [Fact]
    public void A_watch_on_a_node_that_does_not_exist_is_set_only_by_exists()
    {
        _zk.GetData(_watcher, "/p/new", watch: true).AssertError(ErrorCode.NoNode);
        _zk.GetChildren(_watcher, "/p/new", watch: true).AssertError(ErrorCode.NoNode);

        Assert.Empty(EventsDuring(() => _zk.Create(_writer, "/p/new").AssertOk()));
    }

    [Fact]
    public void A_read_refused_with_NoAuth_sets_no_watch()
    {
        var bob = CoreHarness.DigestId("bob", "secret");
        _zk.Create(_writer, "/secret", acl: [new Acl(Perms.All, bob)]).AssertOk();
        _zk.AddAuth(_writer, "digest", "bob:secret").AssertOk();

        _zk.GetData(_watcher, "/secret", watch: false).AssertError(ErrorCode.NoAuth);
        _zk.GetData(_watcher, "/secret", watch: true).AssertError(ErrorCode.NoAuth);
        _zk.GetChildren(_watcher, "/secret", watch: true).AssertError(ErrorCode.NoAuth);

        Assert.Empty(EventsDuring(() =>
        {
            _zk.SetData(_writer, "/secret", "x").AssertOk();
            _zk.Create(_writer, "/secret/c").AssertOk();
        }));
    }

    [Fact]
    public void Exists_on_a_protected_node_answers_and_watches_as_ZooKeeper_3_8_0_does()
    {
        // 3.8.0 checks no ACL on exists (3.8.4 added one): the stat is returned and the watch is set.
        var bob = CoreHarness.DigestId("bob", "secret");
        _zk.Create(_writer, "/secret", acl: [new Acl(Perms.All, bob)]).AssertOk();
        _zk.AddAuth(_writer, "digest", "bob:secret").AssertOk();

        _zk.Exists(_watcher, "/secret", watch: true).AssertOk();

        Assert.Single(EventsDuring(() => _zk.SetData(_writer, "/secret", "x").AssertOk()));
    }

    [Fact]
    public void SetAcl_fires_no_watch()
    {
        _zk.GetData(_watcher, "/p", watch: true).AssertOk();

        Assert.Empty(EventsDuring(() => _zk.Send(_writer, OpCode.SetAcl, new SetAclRequest("/p", Acl.OpenAclUnsafe, -1)).AssertOk()));
    }

    [Fact]
    public void A_failed_write_fires_no_watch()
    {
        _zk.GetData(_watcher, "/p", watch: true).AssertOk();
        _zk.GetChildren(_watcher, "/p", watch: true).AssertOk();

        Assert.Empty(EventsDuring(() =>
        {
            _zk.SetData(_writer, "/p", "x", version: 9).AssertError(ErrorCode.BadVersion);
            _zk.Delete(_writer, "/p").AssertError(ErrorCode.NotEmpty);
            _zk.Create(_writer, "/p/c").AssertError(ErrorCode.NodeExists);
        }));
    }

    [Fact]
    public void Every_watching_connection_is_notified()
    {
        var third = _zk.Connect();
        _zk.GetData(_watcher, "/p", watch: true).AssertOk();
        _zk.GetData(third, "/p", watch: true).AssertOk();
        var mark = third.Mark;

        Assert.Equal([Ev.DataChanged("/p")], EventsDuring(() => _zk.SetData(_writer, "/p", "x").AssertOk()));
        Assert.Equal([Ev.DataChanged("/p")], third.EventsSince(mark));
        Assert.Empty(_writer.Events);
    }

    [Fact]
    public void The_writers_own_watch_is_notified_before_the_reply_to_its_write()
    {
        _zk.GetData(_writer, "/p", watch: true).AssertOk();
        var mark = _writer.Mark;

        _zk.SetData(_writer, "/p", "x").AssertOk();

        var outputs = _writer.Since(mark);
        Assert.Equal(2, outputs.Count);
        Assert.Equal(Ev.DataChanged("/p"), Assert.IsType<NotificationOutput>(outputs[0]).Event);
        Assert.IsType<ReplyOutput>(outputs[1]);
    }

    [Fact]
    public void The_watches_of_a_closed_connection_are_gone()
    {
        _zk.GetData(_watcher, "/p", watch: true).AssertOk();
        _zk.GetChildren(_watcher, "/p", watch: true).AssertOk();
        _zk.Exists(_watcher, "/p/new", watch: true).AssertError(ErrorCode.NoNode);
        _zk.Send(_watcher, OpCode.AddWatch, new AddWatchRequest("/p", AddWatchMode.Persistent)).AssertOk();
        _zk.Send(_watcher, OpCode.AddWatch, new AddWatchRequest("/", AddWatchMode.PersistentRecursive)).AssertOk();

        _zk.Core.OnConnectionClosed(_watcher);

        Assert.Empty(EventsDuring(() =>
        {
            _zk.SetData(_writer, "/p", "x").AssertOk();
            _zk.Create(_writer, "/p/new").AssertOk();
            _zk.Delete(_writer, "/p/new").AssertOk();
        }));
        Assert.Equal(0, _zk.Core.Tree.DataWatches.WatchCount);
        Assert.Equal(0, _zk.Core.Tree.ChildWatches.WatchCount);
    }

    [Fact]
    public void Closing_one_connection_keeps_the_watches_of_the_others()
    {
        var other = _zk.Connect();
        _zk.GetData(_watcher, "/p", watch: true).AssertOk();
        _zk.GetData(other, "/p", watch: true).AssertOk();
        var mark = other.Mark;

        _zk.Core.OnConnectionClosed(_watcher);
        _zk.SetData(_writer, "/p", "x").AssertOk();

        Assert.Equal([Ev.DataChanged("/p")], other.EventsSince(mark));
    }
}
