using System.Buffers;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Jute;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Server.Pipeline;

namespace ConfigCenter.Server.Tests.Core;

/// <summary>create, create2, createContainer and createTTL: the node's stat, its name, and what it does to its parent.</summary>
public class CreateTests
{
    private const long TtlMs = 5_000;
    private readonly CoreHarness _zk = new(new CoreOptions { ExtendedTypesEnabled = true });
    private readonly RecordingConnection _client;

    public CreateTests()
    {
        _client = _zk.Connect();
        _zk.Advance(1234); // so ctime differs from the server's start time
    }

    private ReplyOutput Create2(string path, CreateMode mode, OpCode type = OpCode.Create2, long? ttl = null, string data = "") =>
        _zk.Send(_client, type, new CreateRequest(path, CoreHarness.Bytes(data), Acl.OpenAclUnsafe, (int)mode, ttl));

    [Fact]
    public void Create_answers_with_the_path_only()
    {
        var reply = _zk.Create(_client, "/a", "hello");

        Assert.Equal(new CreateResponse("/a"), reply.BodyAs<CreateResponse>());
    }

    [Fact]
    public void A_persistent_node_has_the_stat_of_its_transaction()
    {
        var reply = _zk.Create(_client, "/a", "hello").AssertOk();
        var zxid = reply.Header.Zxid;

        var stat = _zk.StatOf(_client, "/a");

        Assert.Equal(new Stat(
            Czxid: zxid, Mzxid: zxid, Ctime: _zk.Now.WallMs, Mtime: _zk.Now.WallMs,
            Version: 0, Cversion: 0, Aversion: 0, EphemeralOwner: 0,
            DataLength: 5, NumChildren: 0, Pzxid: zxid), stat);
    }

    [Fact]
    public void Create2_answers_with_the_path_and_the_stat_exists_reports()
    {
        var response = Create2("/a", CreateMode.Persistent, data: "xy").BodyAs<Create2Response>();

        Assert.Equal("/a", response.Path);
        Assert.Equal(_zk.StatOf(_client, "/a"), response.Stat);
        Assert.Equal(2, response.Stat.DataLength);
    }

    [Fact]
    public void An_ephemeral_node_is_owned_by_the_creating_session()
    {
        var reply = Create2("/e", CreateMode.Ephemeral);

        var response = reply.BodyAs<Create2Response>();
        Assert.Equal(_client.SessionId, response.Stat.EphemeralOwner);
        Assert.Equal(reply.Header.Zxid, response.Stat.Czxid);
        var ephemerals = _zk.Send(_client, OpCode.GetEphemerals, new GetEphemeralsRequest("/")).BodyAs<GetEphemeralsResponse>();
        Assert.Equal(["/e"], ephemerals.Ephemerals);
    }

    [Fact]
    public void A_container_is_marked_internally_but_shows_ephemeral_owner_0()
    {
        var reply = Create2("/c", CreateMode.Container, OpCode.CreateContainer);

        var response = reply.BodyAs<Create2Response>();
        // ZooKeeper keeps Long.MIN_VALUE in the node and shows clients 0 (DataNode.copyStat).
        Assert.Equal(long.MinValue, _zk.Core.Tree.GetNode("/c")!.EphemeralOwner);
        Assert.Equal(0, response.Stat.EphemeralOwner);
        Assert.Equal(reply.Header.Zxid, response.Stat.Czxid);
        Assert.Contains("/c", _zk.Core.Tree.Containers);
    }

    [Fact]
    public void A_ttl_node_is_marked_with_0xFF_and_its_ttl_internally_but_shows_ephemeral_owner_0()
    {
        var response = Create2("/t", CreateMode.PersistentWithTtl, OpCode.CreateTtl, TtlMs).BodyAs<Create2Response>();

        Assert.Equal(unchecked((long)0xFF00_0000_0000_0000) | TtlMs, _zk.Core.Tree.GetNode("/t")!.EphemeralOwner);
        Assert.Equal(0, response.Stat.EphemeralOwner);
        Assert.Contains("/t", _zk.Core.Tree.Ttls);
    }

    [Fact]
    public void Container_flags_with_a_plain_create_opcode_make_a_persistent_node()
    {
        // As in ZooKeeper the opcode decides: CreateTxn knows only ephemeral or not.
        Create2("/c", CreateMode.Container).AssertOk();

        Assert.Equal(0, _zk.StatOf(_client, "/c").EphemeralOwner);
        Assert.DoesNotContain("/c", _zk.Core.Tree.Containers);
    }

    [Fact]
    public void Creating_a_child_updates_the_parents_cversion_pzxid_and_child_count_but_not_its_version_or_mzxid()
    {
        var parentZxid = _zk.Create(_client, "/p").AssertOk().Header.Zxid;

        var childZxid = _zk.Create(_client, "/p/c").AssertOk().Header.Zxid;

        var parent = _zk.StatOf(_client, "/p");
        Assert.Equal(1, parent.Cversion);
        Assert.Equal(childZxid, parent.Pzxid);
        Assert.Equal(1, parent.NumChildren);
        Assert.Equal(0, parent.Version);
        Assert.Equal(parentZxid, parent.Mzxid);
        Assert.Equal(parentZxid, parent.Czxid);
    }

    [Fact]
    public void Deleting_a_child_updates_the_parents_pzxid_and_its_reported_cversion()
    {
        _zk.Create(_client, "/p").AssertOk();
        _zk.Create(_client, "/p/c").AssertOk();

        var deleteZxid = _zk.Delete(_client, "/p/c").AssertOk().Header.Zxid;

        // Clients see creates plus deletes; the internal counter (which numbers sequential children) counts creates.
        var parent = _zk.StatOf(_client, "/p");
        Assert.Equal(2, parent.Cversion);
        Assert.Equal(1, _zk.Core.Tree.GetNode("/p")!.Cversion);
        Assert.Equal(deleteZxid, parent.Pzxid);
        Assert.Equal(0, parent.NumChildren);
    }

    [Fact]
    public void Sequential_nodes_are_numbered_from_the_parents_cversion_with_ten_digits()
    {
        _zk.Create(_client, "/q").AssertOk();

        Assert.Equal("/q/abc0000000000", _zk.CreateOk(_client, "/q/abc", mode: CreateMode.PersistentSequential));
        Assert.Equal("/q/abc0000000001", _zk.CreateOk(_client, "/q/abc", mode: CreateMode.PersistentSequential));
        Assert.Equal("/q/other0000000002", _zk.CreateOk(_client, "/q/other", mode: CreateMode.EphemeralSequential));
    }

    [Fact]
    public void Sequence_numbers_count_non_sequential_creates_but_not_deletes()
    {
        _zk.Create(_client, "/q").AssertOk();
        _zk.Create(_client, "/q/plain").AssertOk(); // cversion 1
        _zk.Delete(_client, "/q/plain").AssertOk(); // cversion stays 1

        Assert.Equal("/q/n0000000001", _zk.CreateOk(_client, "/q/n", mode: CreateMode.PersistentSequential));
    }

    [Fact]
    public void A_sequential_name_may_end_in_a_slash_the_counter_becomes_the_whole_name()
    {
        _zk.Create(_client, "/q").AssertOk();

        Assert.Equal("/q/0000000000", _zk.CreateOk(_client, "/q/", mode: CreateMode.PersistentSequential));
    }

    [Fact]
    public void Sequential_nodes_at_the_root_start_at_zero_although_zookeeper_is_already_a_child()
    {
        // As in ZooKeeper's DataTree the system nodes are attached without touching the root's cversion.
        var first = _zk.CreateOk(_client, "/s", mode: CreateMode.PersistentSequential);
        var second = _zk.CreateOk(_client, "/s", mode: CreateMode.PersistentSequential);

        Assert.Equal("/s0000000000", first);
        Assert.Equal("/s0000000001", second);
    }

    [Fact]
    public void Sequential_ttl_nodes_are_numbered_and_owned_like_ttl_nodes()
    {
        _zk.Create(_client, "/q").AssertOk();

        var response = Create2("/q/t", CreateMode.PersistentSequentialWithTtl, OpCode.CreateTtl, TtlMs).BodyAs<Create2Response>();

        Assert.Equal("/q/t0000000000", response.Path);
        Assert.Equal(unchecked((long)0xFF00_0000_0000_0000) | TtlMs, _zk.Core.Tree.GetNode("/q/t0000000000")!.EphemeralOwner);
    }

    [Fact]
    public void Ephemeral_sequential_nodes_are_owned_by_the_session()
    {
        _zk.Create(_client, "/q").AssertOk();

        var response = Create2("/q/e", CreateMode.EphemeralSequential).BodyAs<Create2Response>();

        Assert.Equal("/q/e0000000000", response.Path);
        Assert.Equal(_client.SessionId, response.Stat.EphemeralOwner);
    }

    [Fact]
    public void A_null_data_buffer_is_kept_and_read_back_as_null_with_data_length_0()
    {
        _zk.Send(_client, OpCode.Create, new CreateRequest("/n", null, Acl.OpenAclUnsafe, 0)).AssertOk();

        var data = _zk.GetData(_client, "/n").BodyAs<GetDataResponse>();
        Assert.Null(data.Data);
        Assert.Equal(0, data.Stat.DataLength);
        // On the wire a null buffer is length -1.
        var buffer = new ArrayBufferWriter<byte>();
        data.Write(new JuteWriter(buffer));
        Assert.Equal([0xFF, 0xFF, 0xFF, 0xFF], buffer.WrittenSpan[..4].ToArray());
    }

    [Fact]
    public void An_empty_data_buffer_is_read_back_as_empty_not_null()
    {
        _zk.Send(_client, OpCode.Create, new CreateRequest("/n", [], Acl.OpenAclUnsafe, 0)).AssertOk();

        Assert.Equal([], _zk.GetData(_client, "/n").BodyAs<GetDataResponse>().Data!);
    }

    [Fact]
    public void SetData_with_a_null_buffer_makes_the_data_null()
    {
        _zk.Create(_client, "/n", "abc").AssertOk();

        var stat = _zk.Send(_client, OpCode.SetData, new SetDataRequest("/n", null, -1)).BodyAs<StatResponse>().Stat;

        Assert.Equal(0, stat.DataLength);
        Assert.Null(_zk.GetData(_client, "/n").BodyAs<GetDataResponse>().Data);
    }

    [Fact]
    public void SetData_bumps_version_mzxid_and_mtime_but_keeps_ctime_and_czxid()
    {
        var createZxid = _zk.Create(_client, "/a", "1").AssertOk().Header.Zxid;
        var ctime = _zk.Now.WallMs;
        _zk.Advance(500);

        var reply = _zk.SetData(_client, "/a", "22", version: 0);

        var stat = reply.BodyAs<StatResponse>().Stat;
        Assert.Equal(1, stat.Version);
        Assert.Equal(reply.Header.Zxid, stat.Mzxid);
        Assert.Equal(createZxid, stat.Czxid);
        Assert.Equal(createZxid, stat.Pzxid);
        Assert.Equal(ctime, stat.Ctime);
        Assert.Equal(ctime + 500, stat.Mtime);
        Assert.Equal(2, stat.DataLength);
        Assert.Equal(stat, _zk.StatOf(_client, "/a"));
    }

    [Fact]
    public void SetAcl_bumps_aversion_only()
    {
        var zxid = _zk.Create(_client, "/a").AssertOk().Header.Zxid;

        var stat = _zk.Send(_client, OpCode.SetAcl, new SetAclRequest("/a", Acl.ReadAclUnsafe, 0)).BodyAs<StatResponse>().Stat;

        Assert.Equal(1, stat.Aversion);
        Assert.Equal(0, stat.Version);
        Assert.Equal(zxid, stat.Mzxid);
        var acl = _zk.Send(_client, OpCode.GetAcl, new GetAclRequest("/a")).BodyAs<GetAclResponse>();
        Assert.Equal(Acl.ReadAclUnsafe, acl.Acl);
    }
}
