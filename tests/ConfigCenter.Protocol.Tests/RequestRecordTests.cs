using ConfigCenter.Protocol.Jute;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Protocol.Tests;

public sealed class RequestRecordTests
{
    private static readonly IReadOnlyList<Acl> Acls = [new Acl(Perms.Read | Perms.Write, new Id("digest", "u:h=")), new Acl(Perms.All, Id.Anyone)];

    public static TheoryData<OpCode, Request> Requests() => new()
    {
        { OpCode.Create, new CreateRequest("/a", [1, 2], Acls, (int)CreateMode.EphemeralSequential) },
        { OpCode.Create2, new CreateRequest("/a", null, Acls, 0) },
        { OpCode.CreateContainer, new CreateRequest("/c", [], Acl.OpenAclUnsafe, (int)CreateMode.Container) },
        { OpCode.CreateTtl, new CreateRequest("/t", [3], Acl.OpenAclUnsafe, (int)CreateMode.PersistentWithTtl, 3_600_000) },
        { OpCode.Delete, new DeleteRequest("/a", 3) },
        { OpCode.Exists, new ExistsRequest("/a", true) },
        { OpCode.GetData, new GetDataRequest("/a", false) },
        { OpCode.SetData, new SetDataRequest("/a", [4], -1) },
        { OpCode.GetAcl, new GetAclRequest("/a") },
        { OpCode.SetAcl, new SetAclRequest("/a", Acls, 2) },
        { OpCode.GetChildren, new GetChildrenRequest("/", true) },
        { OpCode.GetChildren2, new GetChildrenRequest("/", false) },
        { OpCode.Sync, new SyncRequest("/a") },
        { OpCode.Check, new CheckVersionRequest("/a", 7) },
        { OpCode.GetAllChildrenNumber, new GetAllChildrenNumberRequest("/") },
        { OpCode.GetEphemerals, new GetEphemeralsRequest("/a") },
        { OpCode.AddWatch, new AddWatchRequest("/a", AddWatchMode.PersistentRecursive) },
        { OpCode.RemoveWatches, new RemoveWatchesRequest("/a", WatcherType.Any) },
        { OpCode.CheckWatches, new RemoveWatchesRequest("/a", WatcherType.Data) },
        { OpCode.SetWatches, new SetWatchesBody(new SetWatchesRequest(5, ["/a"], [], ["/b"], [], []), false) },
        { OpCode.SetWatches2, new SetWatchesBody(new SetWatchesRequest(5, [], ["/x"], [], ["/p"], ["/r"]), true) },
        { OpCode.Auth, new AuthRequest(new AuthPacket(0, "digest", "u:p"u8.ToArray())) },
        { OpCode.Ping, EmptyRequest.Instance },
        { OpCode.CloseSession, EmptyRequest.Instance },
        { OpCode.WhoAmI, EmptyRequest.Instance },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void Every_request_round_trips_through_Request_Read(OpCode type, Request request)
    {
        var decoded = JuteRoundTrip.Check(request, (r, w) => r.Write(w), (ref JuteReader r) => Request.Read(type, ref r)!);
        Assert.Equal(request.GetType(), decoded.GetType());
    }

    [Fact]
    public void CreateTtl_carries_the_ttl_and_plain_create_does_not()
    {
        var ttl = JuteRoundTrip.Check(new CreateRequest("/t", [], Acl.OpenAclUnsafe, 5, 1234), (r, w) => r.Write(w), (ref JuteReader r) => CreateRequest.Read(ref r, withTtl: true));
        var plain = JuteRoundTrip.Check(new CreateRequest("/t", [], Acl.OpenAclUnsafe, 0), (r, w) => r.Write(w), (ref JuteReader r) => CreateRequest.Read(ref r, withTtl: false));

        Assert.Equal(1234, ttl.Ttl);
        Assert.Null(plain.Ttl);
    }

    [Fact]
    public void Unknown_opcode_reads_as_null()
    {
        var reader = new JuteReader([0, 0, 0, 1]);
        Assert.Null(Request.Read((OpCode)77, ref reader));
    }

    [Fact]
    public void MultiRequest_round_trips_mixed_operations()
    {
        var multi = new MultiRequest([
            new MultiOp(OpCode.Create, new CreateRequest("/m", [1], Acl.OpenAclUnsafe, 0)),
            new MultiOp(OpCode.CreateTtl, new CreateRequest("/t", [1], Acl.OpenAclUnsafe, 5, 60_000)),
            new MultiOp(OpCode.SetData, new SetDataRequest("/m", [2], 0)),
            new MultiOp(OpCode.Check, new CheckVersionRequest("/m", 1)),
            new MultiOp(OpCode.Delete, new DeleteRequest("/m", -1)),
        ]);
        var decoded = JuteRoundTrip.Check(multi, (r, w) => r.Write(w), MultiRequest.Read);

        Assert.Equal(multi.Ops.Select(o => o.Type), decoded.Ops.Select(o => o.Type));
        Assert.Equal(60_000, ((CreateRequest)decoded.Ops[1].Request).Ttl);
    }

    [Fact]
    public void MultiRead_round_trips_reads()
    {
        var multi = new MultiRequest([
            new MultiOp(OpCode.GetData, new GetDataRequest("/a", false)),
            new MultiOp(OpCode.GetChildren, new GetChildrenRequest("/", false)),
        ]);
        var decoded = JuteRoundTrip.Check(multi, (r, w) => r.Write(w), (ref JuteReader r) => (MultiRequest)Request.Read(OpCode.MultiRead, ref r)!);
        Assert.Equal(2, decoded.Ops.Count);
    }

    [Fact]
    public void Empty_multi_is_just_the_done_header()
    {
        var bytes = JuteRoundTrip.Write(w => new MultiRequest([]).Write(w));
        // type -1, done true, err -1: as ZooKeeper's MultiOperationRecord ends every multi.
        Assert.Equal(new byte[] { 0xff, 0xff, 0xff, 0xff, 1, 0xff, 0xff, 0xff, 0xff }, bytes);
    }

    [Fact]
    public void Multi_with_an_op_type_not_allowed_in_multi_is_rejected()
    {
        var bytes = JuteRoundTrip.Write(w =>
        {
            new MultiHeader(OpCode.Sync, false, -1).Write(w);
            new SyncRequest("/").Write(w);
            new MultiHeader((OpCode)(-1), true, -1).Write(w);
        });
        Assert.Throws<JuteException>(() =>
        {
            var reader = new JuteReader(bytes);
            MultiRequest.Read(ref reader);
        });
    }
}
