using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Server.Tests.Core;

/// <summary>
/// setWatches/setWatches2 after a reconnect: events the client missed since relativeZxid fire at
/// once (DataTree.setWatches), the other watches are registered as if freshly set.
/// </summary>
public class SetWatchesTests
{
    private readonly CoreHarness _zk = new();
    private readonly RecordingConnection _writer;
    private readonly RecordingConnection _client;
    private readonly long _relativeZxid;

    public SetWatchesTests()
    {
        _writer = _zk.Connect();
        _client = _zk.Connect();
        foreach (var path in new[] { "/changed", "/deleted", "/parent", "/same", "/quiet" }) _zk.Create(_writer, path).AssertOk();
        _zk.Create(_writer, "/deleted-parent").AssertOk();
        _relativeZxid = _zk.LastZxid;

        // What the client missed while it was away.
        _zk.SetData(_writer, "/changed", "x").AssertOk();
        _zk.Delete(_writer, "/deleted").AssertOk();
        _zk.Create(_writer, "/appeared").AssertOk();
        _zk.Create(_writer, "/parent/child").AssertOk();
        _zk.Delete(_writer, "/deleted-parent").AssertOk();
    }

    private ReplyOutput SetWatches(SetWatchesRequest watches, bool version2 = false) =>
        _zk.SendRaw(_client, version2 ? OpCode.SetWatches2 : OpCode.SetWatches, CoreHarness.Encode(new SetWatchesBody(watches, version2)), Xids.SetWatches);

    private static SetWatchesRequest Watches(long relativeZxid, string[] data, string[] exist, string[] child, string[]? persistent = null, string[]? recursive = null) =>
        new(relativeZxid, data, exist, child, persistent ?? [], recursive ?? []);

    private List<WatcherEvent> EventsDuring(Action step)
    {
        var mark = _client.Mark;
        step();
        return _client.EventsSince(mark);
    }

    [Fact]
    public void Missed_events_fire_immediately_in_list_order_before_the_reply()
    {
        var mark = _client.Mark;

        var reply = SetWatches(Watches(_relativeZxid,
            data: ["/changed", "/deleted", "/same"],
            exist: ["/appeared", "/still-missing"],
            child: ["/parent", "/deleted-parent", "/quiet"]));

        Assert.Equal(new ReplyHeader(Xids.SetWatches, _zk.LastZxid, ErrorCode.Ok), reply.Header);
        Assert.Null(reply.Body);
        var outputs = _client.Since(mark);
        Assert.Equal(
            [
                new NotificationOutput(Ev.DataChanged("/changed")),
                new NotificationOutput(Ev.Deleted("/deleted")),
                new NotificationOutput(Ev.Created("/appeared")),
                new NotificationOutput(Ev.ChildrenChanged("/parent")),
                new NotificationOutput(Ev.Deleted("/deleted-parent")),
                reply,
            ],
            outputs);
    }

    [Fact]
    public void Watches_without_a_missed_event_are_registered_and_fire_later()
    {
        SetWatches(Watches(_relativeZxid, data: ["/same"], exist: ["/still-missing"], child: ["/quiet"])).AssertOk();

        var events = EventsDuring(() =>
        {
            _zk.SetData(_writer, "/same", "x").AssertOk();
            _zk.Create(_writer, "/still-missing").AssertOk();
            _zk.Create(_writer, "/quiet/child").AssertOk();
        });

        Assert.Equal([Ev.DataChanged("/same"), Ev.Created("/still-missing"), Ev.ChildrenChanged("/quiet")], events);
    }

    [Fact]
    public void Watches_that_fired_on_setWatches_are_not_registered()
    {
        SetWatches(Watches(_relativeZxid, data: ["/changed"], exist: ["/appeared"], child: ["/parent"])).AssertOk();

        Assert.Empty(EventsDuring(() =>
        {
            _zk.SetData(_writer, "/changed", "y").AssertOk();
            _zk.SetData(_writer, "/appeared", "y").AssertOk();
            _zk.Create(_writer, "/parent/second").AssertOk();
        }));
    }

    [Fact]
    public void An_exist_watch_on_a_node_that_exists_fires_NodeCreated_however_old_the_node_is()
    {
        var mark = _client.Mark;

        SetWatches(Watches(_zk.LastZxid, data: [], exist: ["/same"], child: [])).AssertOk();

        Assert.Equal([Ev.Created("/same")], _client.EventsSince(mark));
    }

    [Fact]
    public void A_relative_zxid_at_the_latest_change_fires_nothing()
    {
        var mark = _client.Mark;

        SetWatches(Watches(_zk.LastZxid, data: ["/changed"], exist: [], child: ["/parent"])).AssertOk();

        Assert.Empty(_client.EventsSince(mark));
    }

    [Fact]
    public void SetWatches2_registers_persistent_and_recursive_watches_without_firing()
    {
        var mark = _client.Mark;

        SetWatches(Watches(_relativeZxid, data: [], exist: [], child: [], persistent: ["/parent"], recursive: ["/quiet"]), version2: true).AssertOk();
        Assert.Empty(_client.EventsSince(mark));

        var events = EventsDuring(() =>
        {
            _zk.Create(_writer, "/parent/second").AssertOk();
            _zk.SetData(_writer, "/parent", "x").AssertOk();
            _zk.Create(_writer, "/quiet/a").AssertOk();
            _zk.Create(_writer, "/quiet/a/b").AssertOk();
        });

        Assert.Equal([Ev.ChildrenChanged("/parent"), Ev.DataChanged("/parent"), Ev.Created("/quiet/a"), Ev.Created("/quiet/a/b")], events);
    }

    [Fact]
    public void SetWatches_consumes_no_zxid()
    {
        var lastZxid = _zk.LastZxid;

        SetWatches(Watches(_relativeZxid, data: ["/changed"], exist: [], child: [])).AssertOk();

        Assert.Equal(lastZxid, _zk.LastZxid);
    }

    [Fact]
    public void SetWatches_on_a_resumed_session_restores_the_watches_of_the_old_connection()
    {
        var password = _zk.Core.Sessions.Get(_client.SessionId)!.Password;
        _zk.GetData(_client, "/same", watch: true).AssertOk();
        var seen = _zk.LastZxid;
        var (resumed, response) = _zk.Reconnect(_client.SessionId, password, lastZxidSeen: seen);
        Assert.NotNull(response);

        // The old connection's watch went with it.
        Assert.Equal(0, _zk.Core.Tree.DataWatches.WatchCount);

        _zk.SendRaw(resumed, OpCode.SetWatches, CoreHarness.Encode(new SetWatchesBody(Watches(seen, ["/same"], [], []), false)), Xids.SetWatches)
            .AssertOk();
        var mark = resumed.Mark;
        _zk.SetData(_writer, "/same", "x").AssertOk();

        Assert.Equal([Ev.DataChanged("/same")], resumed.EventsSince(mark));
    }
}
