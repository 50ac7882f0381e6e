using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Server.Pipeline;

namespace ConfigCenter.Server.Tests.Core;

/// <summary>Session handshake, timeout negotiation, expiry, resumption and close.</summary>
public class SessionTests
{
    private const int MinTimeout = 4_000;
    private const int MaxTimeout = 40_000;
    private const int Timeout = 10_000;

    // ZooKeeper expires a session on the expiry-queue tick after its deadline (rounded up to tickTime),
    // so the tests check "alive before the timeout" and "gone one tick after it", not the exact instant.
    private const int TickTime = 2_000;
    private const int PastTimeout = Timeout + TickTime;

    private readonly CoreHarness _zk = new(new CoreOptions { MinSessionTimeoutMs = MinTimeout, MaxSessionTimeoutMs = MaxTimeout });

    private byte[] PasswordOf(RecordingConnection connection) => _zk.Core.Sessions.Get(connection.SessionId)!.Password;

    [Theory]
    [InlineData(1, MinTimeout)]
    [InlineData(MinTimeout - 1, MinTimeout)]
    [InlineData(MinTimeout, MinTimeout)]
    [InlineData(12_345, 12_345)]
    [InlineData(MaxTimeout, MaxTimeout)]
    [InlineData(MaxTimeout + 1, MaxTimeout)]
    [InlineData(int.MaxValue, MaxTimeout)]
    public void The_requested_timeout_is_clamped_into_min_max(int requested, int negotiated)
    {
        var connection = _zk.Open();

        var response = _zk.Handshake(connection, new ConnectRequest(0, 0, requested, 0, new byte[16], false));

        Assert.NotNull(response);
        Assert.Equal(negotiated, response.Timeout);
        Assert.Equal(negotiated, _zk.Core.Sessions.Get(response.SessionId)!.TimeoutMs);
    }

    [Fact]
    public void A_new_session_gets_a_nonzero_id_a_16_byte_password_and_protocol_version_0()
    {
        var connection = _zk.Open();

        var response = _zk.Handshake(connection, new ConnectRequest(0, 0, Timeout, 0, new byte[16], false));

        Assert.NotNull(response);
        Assert.Equal(0, response.ProtocolVersion);
        Assert.NotEqual(0, response.SessionId);
        Assert.Equal(16, response.Password.Length);
        Assert.NotEqual(new byte[16], response.Password);
        Assert.False(response.ReadOnly);
        Assert.Equal(response.SessionId, connection.SessionId);
        Assert.False(connection.IsClosed);
    }

    [Fact]
    public void The_readOnly_flag_is_echoed_only_to_clients_that_sent_one()
    {
        var old = _zk.Open();

        var response = _zk.Handshake(old, new ConnectRequest(0, 0, Timeout, 0, new byte[16], null));

        Assert.NotNull(response);
        Assert.Null(response.ReadOnly);
    }

    [Fact]
    public void Sessions_get_distinct_ids_and_passwords()
    {
        var a = _zk.Connect();
        var b = _zk.Connect();

        Assert.NotEqual(a.SessionId, b.SessionId);
        Assert.NotEqual(PasswordOf(a), PasswordOf(b));
    }

    [Fact]
    public void A_client_that_has_seen_a_newer_zxid_is_closed_without_a_response()
    {
        var connection = _zk.Open();
        var lastZxid = _zk.LastZxid;

        var response = _zk.Handshake(connection, new ConnectRequest(0, lastZxid + 1, Timeout, 0, new byte[16], false));

        Assert.Null(response);
        Assert.IsType<CloseOutput>(Assert.Single(connection.Outputs));
        Assert.Equal(lastZxid, _zk.LastZxid);
        Assert.Equal(0, _zk.Core.Sessions.Count);
    }

    [Fact]
    public void A_client_that_has_seen_exactly_our_zxid_is_accepted()
    {
        var first = _zk.Connect();
        _zk.Create(first, "/a").AssertOk();

        var response = _zk.Handshake(_zk.Open(), new ConnectRequest(0, _zk.LastZxid, Timeout, 0, new byte[16], false));

        Assert.NotNull(response);
        Assert.NotEqual(0, response.SessionId);
    }

    [Fact]
    public void A_session_expires_on_a_tick_once_its_timeout_has_passed_without_traffic()
    {
        var client = _zk.Connect(Timeout);

        _zk.AdvanceAndTick(Timeout - 1);
        Assert.NotNull(_zk.Core.Sessions.Get(client.SessionId));
        Assert.False(client.IsClosed);

        _zk.AdvanceAndTick(TickTime + 1);
        Assert.Null(_zk.Core.Sessions.Get(client.SessionId));
        Assert.True(client.IsClosed);
    }

    [Fact]
    public void Expiry_removes_the_sessions_ephemerals_and_notifies_watchers_on_other_connections()
    {
        var owner = _zk.Connect(Timeout);
        var watcher = _zk.Connect(MaxTimeout);
        _zk.Create(owner, "/p").AssertOk();
        _zk.Create(owner, "/p/e1", mode: CreateMode.Ephemeral).AssertOk();
        _zk.Create(owner, "/e2", mode: CreateMode.Ephemeral).AssertOk();
        _zk.Exists(watcher, "/p/e1", watch: true).AssertOk();
        _zk.GetChildren(watcher, "/p", watch: true).AssertOk();
        _zk.GetData(watcher, "/e2", watch: true).AssertOk();
        var lastZxid = _zk.LastZxid;
        var mark = watcher.Mark;

        _zk.AdvanceAndTick(PastTimeout);

        Assert.Equal(lastZxid + 1, _zk.LastZxid);
        Assert.Null(_zk.Core.Tree.GetNode("/p/e1"));
        Assert.Null(_zk.Core.Tree.GetNode("/e2"));
        Assert.NotNull(_zk.Core.Tree.GetNode("/p"));
        Assert.Empty(_zk.Core.Tree.EphemeralsOf(owner.SessionId));
        var events = watcher.EventsSince(mark);
        Assert.Equal(3, events.Count);
        Assert.Contains(Ev.Deleted("/p/e1"), events);
        Assert.Contains(Ev.Deleted("/e2"), events);
        Assert.Contains(Ev.ChildrenChanged("/p"), events);
        Assert.True(events.IndexOf(Ev.Deleted("/p/e1")) < events.IndexOf(Ev.ChildrenChanged("/p")));
        // The parent's pzxid is the zxid of the session's close.
        Assert.Equal(lastZxid + 1, _zk.StatOf(watcher, "/p").Pzxid);
    }

    [Fact]
    public void Pings_extend_the_deadline()
    {
        var client = _zk.Connect(Timeout);

        _zk.AdvanceAndTick(8_000);
        _zk.Send(client, OpCode.Ping);
        _zk.AdvanceAndTick(8_000); // 16s after connecting, 8s after the ping
        Assert.NotNull(_zk.Core.Sessions.Get(client.SessionId));

        _zk.AdvanceAndTick(4_000); // 12s after the ping
        Assert.Null(_zk.Core.Sessions.Get(client.SessionId));
    }

    [Fact]
    public void Requests_extend_the_deadline()
    {
        var client = _zk.Connect(Timeout);

        _zk.AdvanceAndTick(9_000);
        _zk.Exists(client, "/");
        _zk.AdvanceAndTick(9_000);
        _zk.Create(client, "/a").AssertOk();
        _zk.AdvanceAndTick(9_000);

        Assert.NotNull(_zk.Core.Sessions.Get(client.SessionId));
    }

    [Fact]
    public void Only_the_silent_session_expires()
    {
        var silent = _zk.Connect(Timeout);
        var chatty = _zk.Connect(Timeout);

        _zk.AdvanceAndTick(6_000);
        _zk.Send(chatty, OpCode.Ping);
        _zk.AdvanceAndTick(6_000);

        Assert.Null(_zk.Core.Sessions.Get(silent.SessionId));
        Assert.NotNull(_zk.Core.Sessions.Get(chatty.SessionId));
        Assert.False(chatty.IsClosed);
    }

    [Fact]
    public void Expired_sessions_cannot_be_resumed()
    {
        var client = _zk.Connect(Timeout);
        var password = PasswordOf(client);
        _zk.AdvanceAndTick(PastTimeout);

        var (connection, response) = _zk.Reconnect(client.SessionId, password, lastZxidSeen: _zk.LastZxid);

        Assert.NotNull(response);
        Assert.Equal(0, response.Timeout);
        Assert.Equal(0, response.SessionId);
        Assert.Equal(new byte[16], response.Password);
        Assert.True(connection.IsClosed);
    }

    [Fact]
    public void Resuming_with_id_and_password_keeps_the_session_and_its_ephemerals_and_closes_the_old_connection()
    {
        var old = _zk.Connect(Timeout);
        _zk.Create(old, "/e", mode: CreateMode.Ephemeral).AssertOk();
        var password = PasswordOf(old);

        var (resumed, response) = _zk.Reconnect(old.SessionId, password, timeoutMs: 20_000, lastZxidSeen: _zk.LastZxid);

        Assert.NotNull(response);
        Assert.Equal(old.SessionId, response.SessionId);
        Assert.Equal(password, response.Password);
        Assert.Equal(20_000, response.Timeout);
        Assert.Equal(old.SessionId, resumed.SessionId);
        Assert.True(old.IsClosed);
        Assert.False(resumed.IsClosed);
        Assert.Equal(old.SessionId, _zk.StatOf(resumed, "/e").EphemeralOwner);
        Assert.Equal(["/e"], _zk.Send(resumed, OpCode.GetEphemerals, new GetEphemeralsRequest("/")).BodyAs<GetEphemeralsResponse>().Ephemerals);
    }

    [Fact]
    public void A_resumed_session_uses_the_newly_negotiated_timeout()
    {
        var old = _zk.Connect(Timeout);
        var (resumed, _) = _zk.Reconnect(old.SessionId, PasswordOf(old), timeoutMs: 30_000);

        _zk.AdvanceAndTick(Timeout + 5_000);
        Assert.NotNull(_zk.Core.Sessions.Get(old.SessionId));

        _zk.AdvanceAndTick(30_000 - Timeout - 5_000 + TickTime);
        Assert.Null(_zk.Core.Sessions.Get(old.SessionId));
        Assert.True(resumed.IsClosed);
    }

    [Fact]
    public void A_session_survives_its_connection_closing_until_it_expires()
    {
        var client = _zk.Connect(Timeout);
        _zk.Create(client, "/e", mode: CreateMode.Ephemeral).AssertOk();

        _zk.Core.OnConnectionClosed(client);
        _zk.AdvanceAndTick(Timeout - 1);
        Assert.NotNull(_zk.Core.Tree.GetNode("/e"));

        _zk.AdvanceAndTick(TickTime + 1);
        Assert.Null(_zk.Core.Tree.GetNode("/e"));
    }

    [Fact]
    public void A_wrong_password_gets_a_zero_response_and_a_close_and_leaves_the_session_alone()
    {
        var client = _zk.Connect(Timeout);
        _zk.Create(client, "/e", mode: CreateMode.Ephemeral).AssertOk();
        var wrong = PasswordOf(client).ToArray();
        wrong[0] ^= 0xFF;

        var (intruder, response) = _zk.Reconnect(client.SessionId, wrong);

        Assert.NotNull(response);
        Assert.Equal(0, response.Timeout);
        Assert.Equal(0, response.SessionId);
        Assert.Equal(new byte[16], response.Password);
        var outputs = intruder.Outputs;
        Assert.Equal(2, outputs.Count);
        Assert.IsType<ConnectOutput>(outputs[0]);
        Assert.IsType<CloseOutput>(outputs[1]);
        Assert.NotNull(_zk.Core.Sessions.Get(client.SessionId));
        Assert.NotNull(_zk.Core.Tree.GetNode("/e"));
    }

    [Fact]
    public void An_unknown_session_id_gets_a_zero_response_and_a_close()
    {
        var (connection, response) = _zk.Reconnect(0x1234_5678, new byte[16]);

        Assert.NotNull(response);
        Assert.Equal(0, response.SessionId);
        Assert.Equal(0, response.Timeout);
        Assert.True(connection.IsClosed);
    }

    [Fact]
    public void CloseSession_replies_ok_then_closes_the_connection_and_deletes_the_ephemerals()
    {
        var client = _zk.Connect();
        var watcher = _zk.Connect();
        _zk.Create(client, "/e", mode: CreateMode.Ephemeral).AssertOk();
        _zk.Create(client, "/persistent").AssertOk();
        _zk.Exists(watcher, "/e", watch: true).AssertOk();
        var mark = client.Mark;
        var watcherMark = watcher.Mark;

        var reply = _zk.Send(client, OpCode.CloseSession).AssertOk();

        Assert.Null(reply.Body);
        var outputs = client.Since(mark);
        Assert.Equal(2, outputs.Count);
        Assert.Same(reply, outputs[0]);
        Assert.IsType<CloseOutput>(outputs[1]);
        Assert.Null(_zk.Core.Sessions.Get(client.SessionId));
        Assert.Null(_zk.Core.Tree.GetNode("/e"));
        Assert.NotNull(_zk.Core.Tree.GetNode("/persistent"));
        Assert.Equal([Ev.Deleted("/e")], watcher.EventsSince(watcherMark));
    }

    [Fact]
    public void Requests_after_closeSession_are_dropped_and_change_nothing()
    {
        // As in ZooKeeper: the session is gone and its connection is closing, so late frames get no answer.
        var client = _zk.Connect();
        var password = PasswordOf(client);
        _zk.Send(client, OpCode.CloseSession).AssertOk();
        Assert.True(client.IsClosed);
        var before = _zk.TreeSnapshot();
        var mark = client.Mark;

        _zk.Core.OnRequest(client, new RequestHeader(100, OpCode.GetData), CoreHarness.Encode(new GetDataRequest("/", false)), _zk.Now);
        _zk.Core.OnRequest(client, new RequestHeader(101, OpCode.Create), CoreHarness.Encode(new CreateRequest("/a", null, Acl.OpenAclUnsafe, 0)), _zk.Now);
        _zk.Core.OnRequest(client, new RequestHeader(102, OpCode.CloseSession), [], _zk.Now);

        Assert.Empty(client.Since(mark));
        Assert.Equal(before, _zk.TreeSnapshot());
        var (_, response) = _zk.Reconnect(client.SessionId, password, lastZxidSeen: _zk.LastZxid);
        Assert.NotNull(response);
        Assert.Equal(0, response.SessionId);
    }

    [Fact]
    public void A_session_closed_by_the_client_is_not_expired_again_later()
    {
        var client = _zk.Connect(Timeout);
        _zk.Send(client, OpCode.CloseSession).AssertOk();
        var lastZxid = _zk.LastZxid;

        _zk.AdvanceAndTick(Timeout * 2);

        Assert.Equal(lastZxid, _zk.LastZxid);
    }

    [Fact]
    public void Ephemerals_of_other_sessions_survive_an_expiry()
    {
        var dying = _zk.Connect(Timeout);
        var living = _zk.Connect(MaxTimeout);
        _zk.Create(dying, "/dying", mode: CreateMode.Ephemeral).AssertOk();
        _zk.Create(living, "/living", mode: CreateMode.Ephemeral).AssertOk();

        _zk.AdvanceAndTick(PastTimeout);

        Assert.Null(_zk.Core.Tree.GetNode("/dying"));
        Assert.NotNull(_zk.Core.Tree.GetNode("/living"));
    }
}
