using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Server.Tests.Core;

/// <summary>multi (all or nothing, one zxid) and multiRead (independent reads).</summary>
public class MultiTests
{
    private readonly CoreHarness _zk = new();
    private readonly RecordingConnection _client;

    public MultiTests()
    {
        _client = _zk.Connect();
        _zk.Create(_client, "/existing", "old").AssertOk();
    }

    private static MultiOp CreateOp(string path, string data = "", CreateMode mode = CreateMode.Persistent, OpCode type = OpCode.Create) =>
        new(type, new CreateRequest(path, CoreHarness.Bytes(data), Acl.OpenAclUnsafe, (int)mode));

    private static MultiOp SetDataOp(string path, string data, int version = -1) =>
        new(OpCode.SetData, new SetDataRequest(path, CoreHarness.Bytes(data), version));

    private static MultiOp DeleteOp(string path, int version = -1) => new(OpCode.Delete, new DeleteRequest(path, version));

    private static MultiOp CheckOp(string path, int version) => new(OpCode.Check, new CheckVersionRequest(path, version));

    private static MultiOp GetDataOp(string path) => new(OpCode.GetData, new GetDataRequest(path, false));

    private static MultiOp GetChildrenOp(string path) => new(OpCode.GetChildren, new GetChildrenRequest(path, false));

    private ReplyOutput Multi(params MultiOp[] ops) => _zk.Send(_client, OpCode.Multi, new MultiRequest(ops));

    private ReplyOutput MultiRead(params MultiOp[] ops) => _zk.Send(_client, OpCode.MultiRead, new MultiRequest(ops));

    [Fact]
    public void A_successful_multi_answers_each_op_with_its_own_result_type()
    {
        var reply = Multi(
            CreateOp("/a", "1"),
            CreateOp("/b", "22", type: OpCode.Create2),
            SetDataOp("/existing", "new", version: 0),
            CheckOp("/existing", 1),
            DeleteOp("/b"));

        var zxid = reply.Header.Zxid;
        var results = reply.BodyAs<MultiResponse>().Results;
        Assert.Equal(5, results.Count);
        Assert.Equal(new MultiResult(OpCode.Create, ErrorCode.Ok, new CreateResponse("/a")), results[0]);

        // ZooKeeper 3.8.0 reports a create2 inside a multi as a plain create (observed on the wire).
        Assert.Equal(new MultiResult(OpCode.Create, ErrorCode.Ok, new CreateResponse("/b")), results[1]);
        Assert.Equal(zxid, _zk.Core.Tree.GetNode("/a")!.Czxid);

        Assert.Equal(OpCode.SetData, results[2].Type);
        var set = Assert.IsType<StatResponse>(results[2].Body).Stat;
        Assert.Equal(1, set.Version);
        Assert.Equal(zxid, set.Mzxid);

        Assert.Equal(new MultiResult(OpCode.Check, ErrorCode.Ok, null), results[3]);
        Assert.Equal(new MultiResult(OpCode.Delete, ErrorCode.Ok, null), results[4]);
    }

    [Fact]
    public void All_ops_of_a_multi_share_one_zxid_and_one_time()
    {
        _zk.Advance(777);

        var zxid = Multi(CreateOp("/a"), CreateOp("/b"), SetDataOp("/existing", "x")).AssertOk().Header.Zxid;

        Assert.Equal(zxid, _zk.StatOf(_client, "/a").Czxid);
        Assert.Equal(zxid, _zk.StatOf(_client, "/b").Czxid);
        Assert.Equal(zxid, _zk.StatOf(_client, "/existing").Mzxid);
        Assert.Equal(_zk.Now.WallMs, _zk.StatOf(_client, "/a").Ctime);
        Assert.Equal(_zk.Now.WallMs, _zk.StatOf(_client, "/existing").Mtime);
        Assert.Equal(zxid, _zk.LastZxid);
    }

    [Fact]
    public void Later_ops_see_the_effects_of_earlier_ops()
    {
        var reply = Multi(
            CreateOp("/p"),
            CreateOp("/p/c", "v0"),
            SetDataOp("/p/c", "v1", version: 0),
            SetDataOp("/p/c", "v2", version: 1),
            CheckOp("/p/c", 2),
            CreateOp("/p/s", mode: CreateMode.PersistentSequential));

        var results = reply.BodyAs<MultiResponse>().Results;
        Assert.All(results, r => Assert.Equal(ErrorCode.Ok, r.Err));
        Assert.Equal(new CreateResponse("/p/s0000000001"), results[5].Body);
        var data = _zk.GetData(_client, "/p/c").BodyAs<GetDataResponse>();
        Assert.Equal(CoreHarness.Bytes("v2"), data.Data);
        Assert.Equal(2, data.Stat.Version);
        Assert.Equal(2, _zk.StatOf(_client, "/p").NumChildren);
    }

    [Fact]
    public void A_node_created_and_deleted_in_one_multi_is_gone_afterwards()
    {
        Multi(CreateOp("/tmp"), DeleteOp("/tmp")).AssertOk();

        Assert.Null(_zk.Core.Tree.GetNode("/tmp"));
        _zk.Exists(_client, "/tmp").AssertError(ErrorCode.NoNode);
    }

    [Fact]
    public void A_failing_multi_changes_nothing_and_reports_ok_before_the_failure_the_error_at_it_and_runtime_inconsistency_after()
    {
        var before = _zk.TreeSnapshot();
        var lastZxid = _zk.LastZxid;

        var reply = Multi(
            CreateOp("/a"),
            SetDataOp("/existing", "new"),
            SetDataOp("/missing", "x"),
            CreateOp("/b"),
            DeleteOp("/existing"));

        Assert.Equal(ErrorCode.Ok, reply.Header.Err);
        Assert.Equal(lastZxid + 1, reply.Header.Zxid);
        Assert.Equal(
            [
                MultiResult.Error(ErrorCode.Ok),
                MultiResult.Error(ErrorCode.Ok),
                MultiResult.Error(ErrorCode.NoNode),
                MultiResult.Error(ErrorCode.RuntimeInconsistency),
                MultiResult.Error(ErrorCode.RuntimeInconsistency),
            ],
            reply.BodyAs<MultiResponse>().Results);
        Assert.Equal(before, _zk.TreeSnapshot());
    }

    [Fact]
    public void A_failure_caused_by_an_earlier_op_of_the_same_multi_rolls_back_that_op_too()
    {
        var before = _zk.TreeSnapshot();

        var reply = Multi(CreateOp("/a"), CreateOp("/a/b"), CreateOp("/a"));

        Assert.Equal(
            [MultiResult.Error(ErrorCode.Ok), MultiResult.Error(ErrorCode.Ok), MultiResult.Error(ErrorCode.NodeExists)],
            reply.BodyAs<MultiResponse>().Results);
        Assert.Equal(before, _zk.TreeSnapshot());

        // The rolled back creates leave nothing behind for the next request either.
        Assert.Equal("/a", _zk.CreateOk(_client, "/a"));
        Assert.Equal(0, _zk.StatOf(_client, "/a").NumChildren);
        _zk.Exists(_client, "/a/b").AssertError(ErrorCode.NoNode);
    }

    [Theory]
    [InlineData(OpCode.Check)]
    [InlineData(OpCode.SetData)]
    [InlineData(OpCode.Delete)]
    public void A_version_mismatch_fails_the_whole_multi(OpCode failing)
    {
        var before = _zk.TreeSnapshot();
        var op = failing switch
        {
            OpCode.Check => CheckOp("/existing", 7),
            OpCode.SetData => SetDataOp("/existing", "x", 7),
            _ => DeleteOp("/existing", 7),
        };

        var results = Multi(CreateOp("/a"), op).BodyAs<MultiResponse>().Results;

        Assert.Equal([MultiResult.Error(ErrorCode.Ok), MultiResult.Error(ErrorCode.BadVersion)], results);
        Assert.Equal(before, _zk.TreeSnapshot());
    }

    [Fact]
    public void A_failing_multi_fires_no_watches()
    {
        var watcher = _zk.Connect();
        _zk.GetData(watcher, "/existing", watch: true).AssertOk();
        _zk.Exists(watcher, "/a", watch: true).AssertError(ErrorCode.NoNode);
        var mark = watcher.Mark;

        Multi(CreateOp("/a"), SetDataOp("/existing", "x"), DeleteOp("/missing")).AssertOk();

        Assert.Empty(watcher.Since(mark));
    }

    [Fact]
    public void A_successful_multi_fires_each_ops_watches_in_op_order()
    {
        var watcher = _zk.Connect();
        _zk.GetData(watcher, "/existing", watch: true).AssertOk();
        _zk.Exists(watcher, "/a", watch: true).AssertError(ErrorCode.NoNode);
        _zk.GetChildren(watcher, "/", watch: true).AssertOk();
        var mark = watcher.Mark;

        Multi(SetDataOp("/existing", "x"), CreateOp("/a")).AssertOk();

        Assert.Equal(
            [
                new WatcherEvent(EventType.NodeDataChanged, KeeperState.SyncConnected, "/existing"),
                new WatcherEvent(EventType.NodeCreated, KeeperState.SyncConnected, "/a"),
                new WatcherEvent(EventType.NodeChildrenChanged, KeeperState.SyncConnected, "/"),
            ],
            watcher.EventsSince(mark));
    }

    [Fact]
    public void An_empty_multi_succeeds_with_no_results_and_consumes_a_zxid()
    {
        var lastZxid = _zk.LastZxid;

        var reply = Multi();

        Assert.Empty(reply.BodyAs<MultiResponse>().Results);
        Assert.Equal(lastZxid + 1, _zk.LastZxid);
    }

    [Fact]
    public void A_multi_mixing_reads_and_writes_is_MarshallingError_and_changes_nothing()
    {
        var before = _zk.TreeSnapshot();
        var lastZxid = _zk.LastZxid;

        var reply = Multi(CreateOp("/a"), GetDataOp("/existing"));

        reply.AssertError(ErrorCode.MarshallingError);
        Assert.Equal(before, _zk.TreeSnapshot());
        // As in ZooKeeper the refused multi is still an (error) transaction.
        Assert.Equal(lastZxid + 1, _zk.LastZxid);
    }

    [Fact]
    public void A_multi_of_reads_only_is_MarshallingError()
    {
        Multi(GetDataOp("/existing"), GetChildrenOp("/")).AssertError(ErrorCode.MarshallingError);
    }

    [Fact]
    public void A_multi_with_an_op_type_that_cannot_be_in_a_multi_is_MarshallingError()
    {
        var body = CoreHarness.Encode(new MultiRequest([new MultiOp(OpCode.Exists, new ExistsRequest("/existing", false))]));

        _zk.SendRaw(_client, OpCode.Multi, body).AssertError(ErrorCode.MarshallingError);
    }

    [Fact]
    public void MultiRead_answers_each_read_independently_and_consumes_no_zxid()
    {
        _zk.Create(_client, "/existing/c1").AssertOk();
        _zk.Create(_client, "/existing/c2").AssertOk();
        var lastZxid = _zk.LastZxid;

        var reply = MultiRead(GetDataOp("/existing"), GetDataOp("/missing"), GetChildrenOp("/existing"), GetChildrenOp("/missing"));

        Assert.Equal(lastZxid, reply.Header.Zxid);
        Assert.Equal(lastZxid, _zk.LastZxid);
        var results = reply.BodyAs<MultiResponse>().Results;
        Assert.Equal(4, results.Count);

        Assert.Equal(OpCode.GetData, results[0].Type);
        var data = Assert.IsType<GetDataResponse>(results[0].Body);
        Assert.Equal(CoreHarness.Bytes("old"), data.Data);
        Assert.Equal(_zk.StatOf(_client, "/existing"), data.Stat);

        Assert.Equal(MultiResult.Error(ErrorCode.NoNode), results[1]);

        Assert.Equal(OpCode.GetChildren, results[2].Type);
        Assert.Equal(["c1", "c2"], Assert.IsType<GetChildrenResponse>(results[2].Body).Children.Order());

        Assert.Equal(MultiResult.Error(ErrorCode.NoNode), results[3]);
    }

    [Fact]
    public void MultiRead_reports_NoAuth_per_op()
    {
        var bob = CoreHarness.DigestId("bob", "secret");
        _zk.Create(_client, "/secret", "s", acl: [new Acl(Perms.All, bob)]).AssertOk();

        var results = MultiRead(GetDataOp("/secret"), GetDataOp("/existing")).BodyAs<MultiResponse>().Results;

        Assert.Equal(MultiResult.Error(ErrorCode.NoAuth), results[0]);
        Assert.Equal(ErrorCode.Ok, results[1].Err);
    }

    [Fact]
    public void MultiRead_with_a_write_op_is_MarshallingError_and_changes_nothing()
    {
        var before = _zk.TreeSnapshot();
        var lastZxid = _zk.LastZxid;

        MultiRead(GetDataOp("/existing"), CreateOp("/a")).AssertError(ErrorCode.MarshallingError);
        MultiRead(CreateOp("/a")).AssertError(ErrorCode.MarshallingError);

        Assert.Equal(before, _zk.TreeSnapshot());
        Assert.Equal(lastZxid, _zk.LastZxid);
    }

    [Fact]
    public void A_truncated_multi_is_MarshallingError()
    {
        var body = CoreHarness.Encode(new MultiRequest([CreateOp("/a"), CreateOp("/b")]));
        var before = _zk.TreeSnapshot();

        _zk.SendRaw(_client, OpCode.Multi, body[..^5]).AssertError(ErrorCode.MarshallingError);

        Assert.Equal(before, _zk.TreeSnapshot());
    }
}
