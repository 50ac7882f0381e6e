using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Server.Tests.Core;

/// <summary>Which inputs consume a zxid, and which zxid each reply reports (ZooKeeper's txn accounting).</summary>
public class ZxidTests
{
    private readonly CoreHarness _zk = new();

    [Fact]
    public void A_fresh_server_has_processed_no_transaction()
    {
        Assert.Equal(0, _zk.LastZxid);
    }

    [Fact]
    public void Creating_a_session_consumes_a_zxid()
    {
        _zk.Connect();
        Assert.Equal(1, _zk.LastZxid);

        _zk.Connect();
        Assert.Equal(2, _zk.LastZxid);
    }

    [Fact]
    public void Every_successful_write_consumes_one_zxid_and_reports_it()
    {
        var client = _zk.Connect();

        var create = _zk.Create(client, "/a").AssertOk();
        Assert.Equal(2, create.Header.Zxid);

        var setData = _zk.SetData(client, "/a", "x").AssertOk();
        Assert.Equal(3, setData.Header.Zxid);

        var setAcl = _zk.Send(client, OpCode.SetAcl, new SetAclRequest("/a", Acl.OpenAclUnsafe, -1)).AssertOk();
        Assert.Equal(4, setAcl.Header.Zxid);

        var delete = _zk.Delete(client, "/a").AssertOk();
        Assert.Equal(5, delete.Header.Zxid);
        Assert.Equal(5, _zk.LastZxid);
    }

    [Fact]
    public void A_failing_write_still_consumes_a_zxid_and_reports_it()
    {
        var client = _zk.Connect();

        var noParent = _zk.Create(client, "/missing/child").AssertError(ErrorCode.NoNode);
        Assert.Equal(2, noParent.Header.Zxid);

        var noNode = _zk.SetData(client, "/missing", "x").AssertError(ErrorCode.NoNode);
        Assert.Equal(3, noNode.Header.Zxid);

        var badPath = _zk.Delete(client, "/").AssertError(ErrorCode.BadArguments);
        Assert.Equal(4, badPath.Header.Zxid);
        Assert.Equal(4, _zk.LastZxid);
    }

    [Fact]
    public void A_multi_consumes_exactly_one_zxid_whether_it_succeeds_or_fails()
    {
        var client = _zk.Connect();
        var ok = _zk.Send(client, OpCode.Multi, new MultiRequest([
            new MultiOp(OpCode.Create, new CreateRequest("/a", [], Acl.OpenAclUnsafe, 0)),
            new MultiOp(OpCode.Create, new CreateRequest("/b", [], Acl.OpenAclUnsafe, 0)),
        ])).AssertOk();
        Assert.Equal(2, ok.Header.Zxid);

        var failed = _zk.Send(client, OpCode.Multi, new MultiRequest([
            new MultiOp(OpCode.Create, new CreateRequest("/c", [], Acl.OpenAclUnsafe, 0)),
            new MultiOp(OpCode.Create, new CreateRequest("/a", [], Acl.OpenAclUnsafe, 0)),
        ])).AssertOk();
        Assert.Equal(3, failed.Header.Zxid);
        Assert.Equal(3, _zk.LastZxid);
    }

    [Fact]
    public void Reads_consume_no_zxid_and_report_the_last_one()
    {
        var client = _zk.Connect();
        _zk.Create(client, "/a", "data").AssertOk();
        Assert.Equal(2, _zk.LastZxid);

        Assert.Equal(2, _zk.GetData(client, "/a").AssertOk().Header.Zxid);
        Assert.Equal(2, _zk.Exists(client, "/a").AssertOk().Header.Zxid);
        Assert.Equal(2, _zk.GetChildren(client, "/").AssertOk().Header.Zxid);
        Assert.Equal(2, _zk.Send(client, OpCode.Sync, new SyncRequest("/a")).AssertOk().Header.Zxid);
        Assert.Equal(2, _zk.Send(client, OpCode.GetAcl, new GetAclRequest("/a")).AssertOk().Header.Zxid);
        Assert.Equal(2, _zk.Send(client, OpCode.WhoAmI).AssertOk().Header.Zxid);
        // A failing read reports the last zxid too.
        Assert.Equal(2, _zk.GetData(client, "/missing").AssertError(ErrorCode.NoNode).Header.Zxid);
        Assert.Equal(2, _zk.LastZxid);
    }

    [Fact]
    public void A_ping_consumes_no_zxid_and_reports_the_last_one_with_the_ping_xid()
    {
        var client = _zk.Connect();
        _zk.Create(client, "/a").AssertOk();

        var pong = _zk.Send(client, OpCode.Ping);

        Assert.Equal(new ReplyHeader(Xids.Ping, 2, ErrorCode.Ok), pong.Header);
        Assert.Null(pong.Body);
        Assert.Equal(2, _zk.LastZxid);
    }

    [Fact]
    public void Authentication_replies_carry_zxid_0_and_consume_none()
    {
        var client = _zk.Connect();
        _zk.Create(client, "/a").AssertOk();

        var reply = _zk.AddAuth(client, "digest", "bob:secret");

        Assert.Equal(new ReplyHeader(Xids.Auth, 0, ErrorCode.Ok), reply.Header);
        Assert.Equal(2, _zk.LastZxid);
    }

    [Fact]
    public void Closing_a_session_consumes_a_zxid_and_reports_it()
    {
        var client = _zk.Connect();
        _zk.Create(client, "/a").AssertOk();

        var reply = _zk.Send(client, OpCode.CloseSession).AssertOk();

        Assert.Equal(3, reply.Header.Zxid);
        Assert.Equal(3, _zk.LastZxid);
    }

    [Fact]
    public void Expiring_a_session_consumes_a_zxid()
    {
        _zk.Connect(timeoutMs: 10_000);
        Assert.Equal(1, _zk.LastZxid);

        _zk.AdvanceAndTick(20_000);

        Assert.Equal(2, _zk.LastZxid);
        Assert.Equal(0, _zk.Core.Sessions.Count);
    }

    [Fact]
    public void Resuming_a_session_consumes_no_zxid()
    {
        var client = _zk.Connect();
        var (_, response) = _zk.Reconnect(client.SessionId, _zk.Core.Sessions.Get(client.SessionId)!.Password, lastZxidSeen: 1);

        Assert.NotNull(response);
        Assert.Equal(client.SessionId, response.SessionId);
        Assert.Equal(1, _zk.LastZxid);
    }

    [Fact]
    public void Created_nodes_carry_the_zxid_of_their_transaction()
    {
        var client = _zk.Connect();
        _zk.Create(client, "/failed/child").AssertError(ErrorCode.NoNode); // zxid 2, consumed by the failure
        _zk.Create(client, "/a").AssertOk();                               // zxid 3

        var stat = _zk.StatOf(client, "/a");

        Assert.Equal(3, stat.Czxid);
        Assert.Equal(3, stat.Mzxid);
        Assert.Equal(3, stat.Pzxid);
    }
}
