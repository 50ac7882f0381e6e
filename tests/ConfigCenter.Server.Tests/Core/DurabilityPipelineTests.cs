using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Server.Persistence;

namespace ConfigCenter.Server.Tests.Core;

/// <summary>
/// Nothing is acknowledged before the log says it is durable, and replies keep request order even
/// when reads arrive while writes wait for the disk.
/// </summary>
public sealed class DurabilityPipelineTests
{
    private readonly RecordingLog _log = new();
    private readonly CoreHarness _zk;
    private readonly RecordingConnection _client;

    public DurabilityPipelineTests()
    {
        _zk = new CoreHarness(log: _log);
        _client = _zk.Open();
        _zk.Core.OnConnect(_client, new ConnectRequest(0, 0, 30000, 0, new byte[16], false), _zk.Now);
        Assert.Empty(_client.Since(0).OfType<ConnectOutput>());
        MakeDurable();
        Assert.Single(_client.Since(0).OfType<ConnectOutput>());
    }

    [Fact]
    public void A_new_session_is_answered_only_once_createSession_is_durable()
    {
        var other = _zk.Open();
        _zk.Core.OnConnect(other, new ConnectRequest(0, 0, 30000, 0, new byte[16], false), _zk.Now);

        Assert.Equal(OpCode.CreateSession, _log.Appended[^1].Header.Type);
        Assert.Empty(other.Since(0));
        MakeDurable();
        Assert.NotEqual(0, Assert.Single(other.Since(0).OfType<ConnectOutput>()).Response.SessionId);
    }

    [Fact]
    public void A_write_is_answered_and_visible_only_after_it_is_durable()
    {
        var mark = _client.Mark;
        _zk.Post(_client, OpCode.Create, new CreateRequest("/a", [1], Acl.OpenAclUnsafe, 0));

        Assert.IsType<CreateTxn>(_log.Appended[^1].Txn);
        Assert.Empty(_client.Since(mark));
        Assert.Null(_zk.Core.Tree.GetNode("/a"));

        MakeDurable();

        var reply = Assert.Single(_client.Since(mark).OfType<ReplyOutput>());
        Assert.Equal(ErrorCode.Ok, reply.Header.Err);
        Assert.NotNull(_zk.Core.Tree.GetNode("/a"));
    }

    [Fact]
    public void Writes_prepared_before_earlier_ones_are_durable_see_their_effects()
    {
        _zk.Post(_client, OpCode.Create, new CreateRequest("/p", null, Acl.OpenAclUnsafe, 0));
        _zk.Post(_client, OpCode.Create, new CreateRequest("/p/c", null, Acl.OpenAclUnsafe, 0));
        _zk.Post(_client, OpCode.Create, new CreateRequest("/p/c", null, Acl.OpenAclUnsafe, 0));

        Assert.IsType<CreateTxn>(_log.Appended[^2].Txn);
        Assert.Equal(new ErrorTxn(ErrorCode.NodeExists), _log.Appended[^1].Txn);
    }

    [Fact]
    public void A_read_behind_a_pending_write_waits_so_replies_keep_request_order()
    {
        var mark = _client.Mark;
        var createXid = _zk.Post(_client, OpCode.Create, new CreateRequest("/a", [7], Acl.OpenAclUnsafe, 0));
        var readXid = _zk.Post(_client, OpCode.GetData, new GetDataRequest("/a", false));
        _zk.Core.OnRequest(_client, new RequestHeader(Xids.Ping, OpCode.Ping), [], _zk.Now);

        Assert.Empty(_client.Since(mark));
        MakeDurable();

        var replies = _client.Since(mark).OfType<ReplyOutput>().ToList();
        Assert.Equal([createXid, readXid, Xids.Ping], replies.Select(r => r.Header.Xid));
        Assert.Equal([7], Assert.IsType<GetDataResponse>(replies[1].Body).Data);
    }

    [Fact]
    public void Only_the_durable_prefix_is_answered()
    {
        var mark = _client.Mark;
        var first = _zk.Post(_client, OpCode.Create, new CreateRequest("/a", null, Acl.OpenAclUnsafe, 0));
        var firstZxid = _log.LastAppendedZxid;
        _zk.Post(_client, OpCode.Create, new CreateRequest("/b", null, Acl.OpenAclUnsafe, 0));

        _zk.Core.OnDurable(firstZxid, _zk.Now);

        Assert.Equal([first], _client.Since(mark).OfType<ReplyOutput>().Select(r => r.Header.Xid));
        Assert.Null(_zk.Core.Tree.GetNode("/b"));
    }

    [Fact]
    public void A_log_failure_fails_the_pending_writes_changes_nothing_and_reuses_their_zxids()
    {
        var mark = _client.Mark;
        _zk.Post(_client, OpCode.Create, new CreateRequest("/a", null, Acl.OpenAclUnsafe, 0));
        var failedZxid = _log.LastAppendedZxid;
        var readXid = _zk.Post(_client, OpCode.Exists, new ExistsRequest("/a", false));

        _zk.Core.OnLogFailed(failedZxid, "No space left on device", _zk.Now);

        var replies = _client.Since(mark).OfType<ReplyOutput>().ToList();
        Assert.Equal(ErrorCode.SystemError, replies[0].Header.Err);
        Assert.Equal(readXid, replies[1].Header.Xid);
        Assert.Equal(ErrorCode.NoNode, replies[1].Header.Err);
        Assert.Null(_zk.Core.Tree.GetNode("/a"));

        // Space came back: the next write takes the failed zxid and succeeds.
        _zk.Post(_client, OpCode.Create, new CreateRequest("/a", null, Acl.OpenAclUnsafe, 0));
        Assert.Equal(failedZxid, _log.LastAppendedZxid);
        MakeDurable();
        Assert.NotNull(_zk.Core.Tree.GetNode("/a"));
    }

    [Fact]
    public void A_session_whose_creation_could_not_be_persisted_is_refused()
    {
        var other = _zk.Open();
        _zk.Core.OnConnect(other, new ConnectRequest(0, 0, 30000, 0, new byte[16], false), _zk.Now);
        var sessionId = _log.Appended[^1].Header.ClientId;

        _zk.Core.OnLogFailed(_log.LastAppendedZxid, "I/O error", _zk.Now);

        Assert.Equal(0, Assert.Single(other.Since(0).OfType<ConnectOutput>()).Response.SessionId);
        Assert.True(other.IsClosed);
        Assert.Null(_zk.Core.Sessions.Get(sessionId));
    }

    [Fact]
    public void A_ping_answered_behind_a_write_reports_the_zxid_after_it_not_an_older_one()
    {
        var mark = _client.Mark;
        _zk.Post(_client, OpCode.Create, new CreateRequest("/a", [1], Acl.OpenAclUnsafe, 0));
        _zk.Core.OnRequest(_client, new RequestHeader(Xids.Ping, OpCode.Ping), [], _zk.Now);

        MakeDurable();

        var replies = _client.Since(mark).OfType<ReplyOutput>().ToList();
        Assert.Equal([_zk.LastZxid, _zk.LastZxid], replies.Select(r => r.Header.Zxid));
    }

    [Fact]
    public void A_snapshot_holds_a_new_session_only_once_its_createSession_is_applied()
    {
        var other = _zk.Open();
        _zk.Core.OnConnect(other, new ConnectRequest(0, 0, 30000, 0, new byte[16], false), _zk.Now);

        Assert.DoesNotContain(other.SessionId, TreeImage.Sessions(_zk.Core.Sessions).Select(s => s.SessionId));
        MakeDurable();
        Assert.Contains(other.SessionId, TreeImage.Sessions(_zk.Core.Sessions).Select(s => s.SessionId));
    }

    [Fact]
    public void Closing_a_session_removes_the_ephemerals_it_created_that_are_not_yet_durable()
    {
        var other = _zk.Open();
        _zk.Core.OnConnect(other, new ConnectRequest(0, 0, 30000, 0, new byte[16], false), _zk.Now);
        MakeDurable();
        var closeMark = _client.Mark;
        _zk.Post(_client, OpCode.Create, new CreateRequest("/e", [1], Acl.OpenAclUnsafe, (int)CreateMode.Ephemeral));
        _zk.Post(_client, OpCode.CloseSession);
        var close = Assert.IsType<CloseSessionTxn>(_log.Appended[^1].Txn);
        var otherMark = other.Mark;
        // Prepared behind the close: the ephemeral will be gone by then, so the name is free again.
        _zk.Post(other, OpCode.Create, new CreateRequest("/e", [2], Acl.OpenAclUnsafe, 0));

        MakeDurable();

        Assert.Equal(["/e"], close.PathsToDelete);
        Assert.Equal(ErrorCode.Ok, _client.Since(closeMark).OfType<ReplyOutput>().Last().Header.Err);
        Assert.Equal(ErrorCode.Ok, Assert.Single(other.Since(otherMark).OfType<ReplyOutput>()).Header.Err);
        Assert.Equal(0, _zk.Core.Tree.GetNode("/e")!.EphemeralOwner);
    }

    private void MakeDurable() => _zk.Core.OnDurable(_log.LastAppendedZxid, _zk.Now);
}
