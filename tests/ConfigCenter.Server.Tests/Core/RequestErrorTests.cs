using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Server.Pipeline;

namespace ConfigCenter.Server.Tests.Core;

/// <summary>
/// Requests ZooKeeper refuses, with the error code it refuses them with (the first failing check in
/// PrepRequestProcessor's order); every refusal leaves the tree exactly as it was.
/// </summary>
public class RequestErrorTests
{
    private readonly CoreHarness _zk;
    private readonly RecordingConnection _client;

    public RequestErrorTests() : this(new CoreOptions())
    {
    }

    private RequestErrorTests(CoreOptions options)
    {
        _zk = new CoreHarness(options);
        _client = _zk.Connect();
        _zk.Create(_client, "/a", "data").AssertOk();
        _zk.Create(_client, "/a/child").AssertOk();
        _zk.Create(_client, "/leaf").AssertOk();
        _zk.Create(_client, "/eph", mode: CreateMode.Ephemeral).AssertOk();
    }

    /// <summary>Sends the request, asserts the error, and asserts the tree did not change.</summary>
    private ReplyOutput FailsWithoutChange(ErrorCode expected, Func<ReplyOutput> send)
    {
        var before = _zk.TreeSnapshot();
        var reply = send().AssertError(expected);
        Assert.Equal(before, _zk.TreeSnapshot());
        return reply;
    }

    private ReplyOutput Create(string path, CreateMode mode = CreateMode.Persistent, IReadOnlyList<Acl>? acl = null) =>
        _zk.Create(_client, path, "x", mode, acl);

    [Theory]
    [InlineData("/missing/child")]
    [InlineData("/a/missing/child")]
    [InlineData("/a//b")] // the parent "/a/" does not exist: ZooKeeper looks the parent up before validating the path
    public void Create_under_a_missing_parent_is_NoNode(string path)
    {
        FailsWithoutChange(ErrorCode.NoNode, () => Create(path));
    }

    [Fact]
    public void Delete_setData_and_check_of_a_missing_node_are_NoNode()
    {
        FailsWithoutChange(ErrorCode.NoNode, () => _zk.Delete(_client, "/missing"));
        FailsWithoutChange(ErrorCode.NoNode, () => _zk.SetData(_client, "/missing", "x"));
        FailsWithoutChange(ErrorCode.NoNode, () => _zk.Send(_client, OpCode.SetAcl, new SetAclRequest("/missing", Acl.OpenAclUnsafe, -1)));
    }

    [Fact]
    public void Reads_of_a_missing_node_are_NoNode()
    {
        FailsWithoutChange(ErrorCode.NoNode, () => _zk.GetData(_client, "/missing"));
        FailsWithoutChange(ErrorCode.NoNode, () => _zk.Exists(_client, "/missing"));
        FailsWithoutChange(ErrorCode.NoNode, () => _zk.GetChildren(_client, "/missing"));
        FailsWithoutChange(ErrorCode.NoNode, () => _zk.Send(_client, OpCode.GetChildren2, new GetChildrenRequest("/missing", false)));
        FailsWithoutChange(ErrorCode.NoNode, () => _zk.Send(_client, OpCode.GetAcl, new GetAclRequest("/missing")));
        FailsWithoutChange(ErrorCode.NoNode, () => _zk.Send(_client, OpCode.GetAllChildrenNumber, new GetAllChildrenNumberRequest("/missing")));
    }

    [Fact]
    public void Creating_an_existing_node_is_NodeExists()
    {
        FailsWithoutChange(ErrorCode.NodeExists, () => Create("/a"));
        FailsWithoutChange(ErrorCode.NodeExists, () => Create("/a/child"));
        FailsWithoutChange(ErrorCode.NodeExists, () => Create("/zookeeper"));
    }

    [Fact]
    public void Creating_the_root_is_NodeExists()
    {
        FailsWithoutChange(ErrorCode.NodeExists, () => Create("/"));
    }

    [Fact]
    public void Deleting_a_node_with_children_is_NotEmpty()
    {
        FailsWithoutChange(ErrorCode.NotEmpty, () => _zk.Delete(_client, "/a"));
    }

    [Fact]
    public void A_version_mismatch_is_BadVersion_for_setData_delete_and_setAcl()
    {
        FailsWithoutChange(ErrorCode.BadVersion, () => _zk.SetData(_client, "/leaf", "x", version: 1));
        FailsWithoutChange(ErrorCode.BadVersion, () => _zk.Delete(_client, "/leaf", version: 3));
        FailsWithoutChange(ErrorCode.BadVersion, () => _zk.Send(_client, OpCode.SetAcl, new SetAclRequest("/leaf", Acl.OpenAclUnsafe, 2)));
    }

    [Fact]
    public void A_version_mismatch_in_a_check_op_is_BadVersion()
    {
        var before = _zk.TreeSnapshot();

        var reply = _zk.Send(_client, OpCode.Multi, new MultiRequest([new MultiOp(OpCode.Check, new CheckVersionRequest("/leaf", 5))]));

        var result = Assert.Single(reply.BodyAs<MultiResponse>().Results);
        Assert.Equal(MultiResult.Error(ErrorCode.BadVersion), result);
        Assert.Equal(before, _zk.TreeSnapshot());
    }

    [Fact]
    public void The_version_check_compares_the_exact_version_and_minus_one_matches_any()
    {
        _zk.SetData(_client, "/leaf", "1", version: 0).AssertOk();
        FailsWithoutChange(ErrorCode.BadVersion, () => _zk.SetData(_client, "/leaf", "2", version: 0));
        _zk.SetData(_client, "/leaf", "2", version: 1).AssertOk();
        _zk.SetData(_client, "/leaf", "3", version: -1).AssertOk();

        Assert.Equal(3, _zk.StatOf(_client, "/leaf").Version);
    }

    [Theory]
    [InlineData(CreateMode.Persistent)]
    [InlineData(CreateMode.Ephemeral)]
    [InlineData(CreateMode.PersistentSequential)]
    [InlineData(CreateMode.EphemeralSequential)]
    public void A_child_of_an_ephemeral_is_NoChildrenForEphemerals(CreateMode mode)
    {
        FailsWithoutChange(ErrorCode.NoChildrenForEphemerals, () => Create("/eph/child", mode));
    }

    [Theory]
    [InlineData("relative")]
    [InlineData("")]
    [InlineData("/a/")]          // the parent /a exists; the path itself ends in a slash
    [InlineData("/a/.")]
    [InlineData("/a/..")]
    [InlineData("/a/bad\u0001")]
    [InlineData("/a/nul\0")]
    [InlineData("/nul\0/x")]
    public void Create_with_an_invalid_path_is_BadArguments(string path)
    {
        FailsWithoutChange(ErrorCode.BadArguments, () => Create(path));
    }

    [Theory]
    [InlineData(7)]
    [InlineData(-1)]
    [InlineData(100)]
    public void Create_with_unknown_flags_is_BadArguments(int flags)
    {
        FailsWithoutChange(ErrorCode.BadArguments, () =>
            _zk.Send(_client, OpCode.Create, new CreateRequest("/new", [], Acl.OpenAclUnsafe, flags)));
    }

    [Theory]
    [InlineData("relative")]
    [InlineData("/a/")]
    [InlineData("/a//child")]
    [InlineData("/a/./child")]
    public void SetData_and_setAcl_with_an_invalid_path_are_BadArguments(string path)
    {
        FailsWithoutChange(ErrorCode.BadArguments, () => _zk.SetData(_client, path, "x"));
        FailsWithoutChange(ErrorCode.BadArguments, () => _zk.Send(_client, OpCode.SetAcl, new SetAclRequest(path, Acl.OpenAclUnsafe, -1)));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/zookeeper")]
    [InlineData("/zookeeper/quota")]
    [InlineData("/zookeeper/config")]
    [InlineData("relative")]
    [InlineData("/a/nul\0")]
    public void Deleting_the_root_the_system_nodes_or_an_invalid_path_is_BadArguments(string path)
    {
        FailsWithoutChange(ErrorCode.BadArguments, () => _zk.Delete(_client, path));
    }

    [Fact]
    public void Exists_with_a_nul_in_the_path_is_BadArguments()
    {
        FailsWithoutChange(ErrorCode.BadArguments, () => _zk.Exists(_client, "/a\0"));
    }

    [Fact]
    public void A_ttl_create_without_extended_types_is_Unimplemented()
    {
        FailsWithoutChange(ErrorCode.Unimplemented, () => _zk.Send(_client, OpCode.CreateTtl,
            new CreateRequest("/t", [], Acl.OpenAclUnsafe, (int)CreateMode.PersistentWithTtl, 1000)));
        FailsWithoutChange(ErrorCode.Unimplemented, () => _zk.Send(_client, OpCode.Create,
            new CreateRequest("/t", [], Acl.OpenAclUnsafe, (int)CreateMode.PersistentSequentialWithTtl)));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-5L)]
    [InlineData(0x0000_0100_0000_0000L)] // one more than the largest TTL (2^40 - 1)
    public void A_ttl_outside_1_to_2_pow_40_minus_1_is_BadArguments(long ttl)
    {
        var zk = new CoreHarness(new CoreOptions { ExtendedTypesEnabled = true });
        var client = zk.Connect();
        var before = zk.TreeSnapshot();

        zk.Send(client, OpCode.CreateTtl, new CreateRequest("/t", [], Acl.OpenAclUnsafe, (int)CreateMode.PersistentWithTtl, ttl))
            .AssertError(ErrorCode.BadArguments);
        Assert.Equal(before, zk.TreeSnapshot());
    }

    [Fact]
    public void A_ttl_with_a_non_ttl_mode_or_a_ttl_mode_without_ttl_is_BadArguments()
    {
        var zk = new CoreHarness(new CoreOptions { ExtendedTypesEnabled = true });
        var client = zk.Connect();

        zk.Send(client, OpCode.CreateTtl, new CreateRequest("/t", [], Acl.OpenAclUnsafe, (int)CreateMode.Persistent, 1000))
            .AssertError(ErrorCode.BadArguments);
        // A TTL mode sent with the plain create opcode carries no TTL (-1).
        zk.Send(client, OpCode.Create, new CreateRequest("/t", [], Acl.OpenAclUnsafe, (int)CreateMode.PersistentWithTtl))
            .AssertError(ErrorCode.BadArguments);
        Assert.Null(zk.Core.Tree.GetNode("/t"));
    }

    [Fact]
    public void An_unknown_opcode_is_Unimplemented_with_zxid_minus_one_and_closes_the_connection()
    {
        var before = _zk.TreeSnapshot();
        var lastZxid = _zk.LastZxid;
        var mark = _client.Mark;

        var reply = _zk.SendRaw(_client, (OpCode)999, [1, 2, 3]);

        Assert.Equal(ErrorCode.Unimplemented, reply.Header.Err);
        Assert.Equal(-1, reply.Header.Zxid);
        Assert.Null(reply.Body);
        var outputs = _client.Since(mark);
        Assert.Equal(2, outputs.Count);
        Assert.IsType<ReplyOutput>(outputs[0]);
        Assert.IsType<CloseOutput>(outputs[1]);
        Assert.Equal(lastZxid, _zk.LastZxid);
        Assert.Equal(before, _zk.TreeSnapshot());
    }

    [Fact]
    public void Notification_is_no_request_and_is_Unimplemented()
    {
        var body = CoreHarness.Encode(new CheckVersionRequest("/leaf", 0));

        var reply = _zk.SendRaw(_client, OpCode.Notification, body);

        Assert.Equal(ErrorCode.Unimplemented, reply.Header.Err);
        Assert.True(_client.IsClosed);
    }

    [Fact]
    public void A_lone_check_with_a_wrong_version_is_BadVersion_and_consumes_a_zxid()
    {
        // Apache ZooKeeper answers a lone check like this on the wire (observed by the differential test).
        var lastZxid = _zk.LastZxid;

        var reply = FailsWithoutChange(ErrorCode.BadVersion,
            () => _zk.SendRaw(_client, OpCode.Check, CoreHarness.Encode(new CheckVersionRequest("/leaf", 5))));

        Assert.Equal(lastZxid + 1, reply.Header.Zxid);
        Assert.False(_client.IsClosed);
    }

    [Fact]
    public void A_truncated_write_is_MarshallingError_and_still_consumes_a_zxid()
    {
        var body = CoreHarness.Encode(new CreateRequest("/new", [1, 2, 3], Acl.OpenAclUnsafe, 0));
        var lastZxid = _zk.LastZxid;

        var reply = FailsWithoutChange(ErrorCode.MarshallingError, () => _zk.SendRaw(_client, OpCode.Create, body[..^3]));

        Assert.Equal(lastZxid + 1, reply.Header.Zxid);
        Assert.Equal(lastZxid + 1, _zk.LastZxid);
        Assert.False(_client.IsClosed);
    }

    [Fact]
    public void A_truncated_read_is_MarshallingError_and_consumes_no_zxid()
    {
        var body = CoreHarness.Encode(new GetDataRequest("/a", false));
        var lastZxid = _zk.LastZxid;

        var reply = FailsWithoutChange(ErrorCode.MarshallingError, () => _zk.SendRaw(_client, OpCode.GetData, body[..^1]));

        Assert.Equal(lastZxid, reply.Header.Zxid);
        Assert.Equal(lastZxid, _zk.LastZxid);
    }

    [Fact]
    public void An_empty_body_is_MarshallingError()
    {
        FailsWithoutChange(ErrorCode.MarshallingError, () => _zk.SendRaw(_client, OpCode.SetData, []));
        FailsWithoutChange(ErrorCode.MarshallingError, () => _zk.SendRaw(_client, OpCode.Exists, []));
    }

    [Fact]
    public void A_string_length_beyond_the_body_is_MarshallingError()
    {
        byte[] body = [0x7F, 0xFF, 0xFF, 0xFF, (byte)'/'];

        FailsWithoutChange(ErrorCode.MarshallingError, () => _zk.SendRaw(_client, OpCode.Delete, body));
    }

    [Fact]
    public void Errors_leave_the_parent_untouched_and_the_session_usable()
    {
        var parent = _zk.StatOf(_client, "/a");

        Create("/a/child").AssertError(ErrorCode.NodeExists);
        Create("/a/x\u0001").AssertError(ErrorCode.BadArguments);

        Assert.Equal(parent, _zk.StatOf(_client, "/a"));
        Assert.Equal("/a/next", _zk.CreateOk(_client, "/a/next"));
        Assert.Equal(2, _zk.StatOf(_client, "/a").Cversion);
    }
}
