using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Server.Tests.Core;

/// <summary>addAuth packets (xid -4, zxid 0 in the reply) and whoAmI.</summary>
public class AuthTests
{
    private readonly CoreHarness _zk = new();
    private readonly RecordingConnection _client;

    public AuthTests()
    {
        _client = _zk.Connect(address: "10.0.0.7");
    }

    private List<ClientInfo> WhoAmI() => [.. _zk.Send(_client, OpCode.WhoAmI).BodyAs<WhoAmIResponse>().ClientInfo];

    [Fact]
    public void An_unknown_scheme_is_answered_with_AuthFailed_and_then_the_connection_is_closed()
    {
        var mark = _client.Mark;

        _zk.AddAuth(_client, "kerberos", "whatever");

        var outputs = _client.Since(mark);
        Assert.Equal(2, outputs.Count);
        var reply = Assert.IsType<ReplyOutput>(outputs[0]);
        Assert.Equal(new ReplyHeader(Xids.Auth, 0, ErrorCode.AuthFailed), reply.Header);
        Assert.Null(reply.Body);
        Assert.IsType<CloseOutput>(outputs[1]);
        Assert.DoesNotContain(_client.Identities, id => id.Scheme == "kerberos");
    }

    [Fact]
    public void A_successful_addAuth_is_answered_with_Ok_and_xid_minus_4()
    {
        var reply = _zk.AddAuth(_client, "digest", "bob:secret");

        Assert.Equal(new ReplyHeader(Xids.Auth, 0, ErrorCode.Ok), reply.Header);
        Assert.Null(reply.Body);
        Assert.False(_client.IsClosed);
    }

    [Fact]
    public void A_malformed_auth_packet_closes_the_connection()
    {
        var mark = _client.Mark;

        _zk.Core.OnRequest(_client, new RequestHeader(Xids.Auth, OpCode.Auth), new byte[] { 0, 0 }, _zk.Now);

        Assert.Equal([new CloseOutput("malformed auth packet")], _client.Since(mark));
    }

    [Fact]
    public void WhoAmI_lists_the_ip_identity_of_a_fresh_connection()
    {
        Assert.Equal([new ClientInfo("ip", "10.0.0.7")], WhoAmI());
    }

    [Fact]
    public void WhoAmI_lists_the_ip_identity_then_each_digest_user_in_the_order_added()
    {
        _zk.AddAuth(_client, "digest", "bob:secret").AssertOk();
        _zk.AddAuth(_client, "digest", "alice:pw").AssertOk();

        Assert.Equal([new ClientInfo("ip", "10.0.0.7"), new ClientInfo("digest", "bob"), new ClientInfo("digest", "alice")], WhoAmI());
    }

    [Fact]
    public void Adding_the_same_digest_twice_lists_it_once()
    {
        _zk.AddAuth(_client, "digest", "bob:secret").AssertOk();
        _zk.AddAuth(_client, "digest", "bob:secret").AssertOk();

        Assert.Equal([new ClientInfo("ip", "10.0.0.7"), new ClientInfo("digest", "bob")], WhoAmI());
    }

    [Fact]
    public void AddAuth_with_the_ip_scheme_adds_the_address_it_already_has()
    {
        _zk.AddAuth(_client, "ip", "ignored").AssertOk();

        Assert.Equal([new ClientInfo("ip", "10.0.0.7")], WhoAmI());
    }

    [Fact]
    public void Identities_belong_to_the_connection_not_the_session()
    {
        _zk.AddAuth(_client, "digest", "bob:secret").AssertOk();
        var password = _zk.Core.Sessions.Get(_client.SessionId)!.Password;

        var (resumed, response) = _zk.Reconnect(_client.SessionId, password);

        Assert.NotNull(response);
        var who = _zk.Send(resumed, OpCode.WhoAmI).BodyAs<WhoAmIResponse>().ClientInfo;
        Assert.Equal([new ClientInfo("ip", "127.0.0.1")], who);
    }
}
