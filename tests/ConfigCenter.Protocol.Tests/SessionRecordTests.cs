using ConfigCenter.Protocol.Jute;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Protocol.Tests;

public sealed class SessionRecordTests
{
    [Theory]
    [InlineData(null)]
    [InlineData(false)]
    [InlineData(true)]
    public void ConnectRequest_round_trips_with_and_without_the_readOnly_flag(bool? readOnly)
    {
        var request = new ConnectRequest(0, 0x1_0000_0005, 30_000, 0x1234_5678_9abc, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], readOnly);
        var decoded = JuteRoundTrip.Check(request, (r, w) => r.Write(w), ConnectRequest.Read);

        Assert.Equal(readOnly, decoded.ReadOnly);
        Assert.Equal(request.Password, decoded.Password);
        Assert.Equal(request with { Password = decoded.Password }, decoded);
    }

    [Fact]
    public void ConnectRequest_without_readOnly_is_one_byte_shorter()
    {
        var without = JuteRoundTrip.Write(w => new ConnectRequest(0, 0, 1, 0, new byte[16], null).Write(w));
        var with = JuteRoundTrip.Write(w => new ConnectRequest(0, 0, 1, 0, new byte[16], false).Write(w));

        Assert.Equal(4 + 8 + 4 + 8 + 4 + 16, without.Length);
        Assert.Equal(without.Length + 1, with.Length);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(true)]
    public void ConnectResponse_round_trips(bool? readOnly)
    {
        var response = new ConnectResponse(0, 4000, 0x100000581ce0000, [9, 8, 7], readOnly);
        var decoded = JuteRoundTrip.Check(response, (r, w) => r.Write(w), ConnectResponse.Read);

        Assert.Equal(response.Password, decoded.Password);
        Assert.Equal(response with { Password = decoded.Password }, decoded);
    }

    [Fact]
    public void Headers_round_trip()
    {
        Assert.Equal(new RequestHeader(7, OpCode.GetData), JuteRoundTrip.Check(new RequestHeader(7, OpCode.GetData), (r, w) => r.Write(w), RequestHeader.Read));
        var reply = new ReplyHeader(-2, 0x7fff_0000_0001, ErrorCode.NoNode);
        Assert.Equal(reply, JuteRoundTrip.Check(reply, (r, w) => r.Write(w), ReplyHeader.Read));
        Assert.Equal(RequestHeader.Size, JuteRoundTrip.Write(w => new RequestHeader(1, OpCode.Ping).Write(w)).Length);
        Assert.Equal(ReplyHeader.Size, JuteRoundTrip.Write(w => reply.Write(w)).Length);
    }

    [Fact]
    public void WatcherEvent_round_trips()
    {
        var e = new WatcherEvent(EventType.NodeChildrenChanged, KeeperState.SyncConnected, "/a/b");
        Assert.Equal(e, JuteRoundTrip.Check(e, (r, w) => r.Write(w), WatcherEvent.Read));
    }

    [Fact]
    public void AuthPacket_round_trips()
    {
        var packet = new AuthPacket(0, "digest", "user:password"u8.ToArray());
        var decoded = JuteRoundTrip.Check(packet, (r, w) => r.Write(w), AuthPacket.Read);
        Assert.Equal("digest", decoded.Scheme);
        Assert.Equal(packet.Auth, decoded.Auth);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SetWatches_round_trips_in_both_versions(bool version2)
    {
        var watches = new SetWatchesRequest(42, ["/d"], ["/e1", "/e2"], ["/c"], version2 ? ["/p"] : [], version2 ? ["/r"] : []);
        var decoded = JuteRoundTrip.Check(watches, (r, w) => r.Write(w, version2), (ref JuteReader r) => SetWatchesRequest.Read(ref r, version2));

        Assert.Equal(42, decoded.RelativeZxid);
        Assert.Equal(watches.ExistWatches, decoded.ExistWatches);
        Assert.Equal(watches.PersistentRecursiveWatches, decoded.PersistentRecursiveWatches);
    }

    [Fact]
    public void Stat_round_trips_and_is_68_bytes()
    {
        var stat = new Stat(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        Assert.Equal(stat, JuteRoundTrip.Check(stat, (s, w) => s.Write(w), Stat.Read));
        Assert.Equal(Stat.Size, JuteRoundTrip.Write(w => stat.Write(w)).Length);
    }
}
