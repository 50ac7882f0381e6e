using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.Network;
using ConfigCenter.Testing.Raw;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Conformance.Tests.Scale;

/// <summary>
/// A client that stops reading makes the server's sends to it would-block, so its output goes from
/// direct sends to the queue the send loop drains: replies and notifications must keep their order.
/// </summary>
[Collection(ServerProcessCollection.Name)]
public sealed class SlowReaderOrderingTests
{
    private const int DataSize = 256 * 1024;
    private const int HeldBackReads = 64; // 16 MiB of replies: more than the sockets on the way can buffer

    [Fact]
    public async Task Replies_and_a_notification_held_back_by_a_stalled_reader_arrive_whole_and_in_order()
    {
        await using var server = await ZkServers.StartAsync(ServerKind.ConfigCenter);
        await using var writer = await RawZkConnection.ConnectAsync(server.ClientPort);
        Assert.Equal(ErrorCode.Ok, (await writer.SendAsync(OpCode.Create, new CreateRequest("/big", new byte[DataSize], Acl.OpenAclUnsafe, 0))).Err);
        await using var proxy = TcpProxy.Start(server.ClientPort);
        await using var reader = await RawZkConnection.ConnectAsync(proxy.Port);
        Assert.Equal(ErrorCode.Ok, (await reader.SendAsync(OpCode.GetData, new GetDataRequest("/big", Watch: true))).Err);

        proxy.StallReplies();
        var before = Enumerable.Range(0, HeldBackReads).Select(_ => reader.SendAsync(OpCode.GetData, new GetDataRequest("/big", false))).ToList();
        Assert.Equal(ErrorCode.Ok, (await writer.SendAsync(OpCode.SetData, new SetDataRequest("/big", new byte[DataSize], -1))).Err);
        var after = Enumerable.Range(0, 8).Select(_ => reader.SendAsync(OpCode.GetData, new GetDataRequest("/big", false))).ToList();
        proxy.Resume();
        var replies = await Task.WhenAll([.. before, .. after]);

        var changed = Assert.Single(reader.AllEvents);
        Assert.Equal(EventType.NodeDataChanged, changed.Type);
        Assert.Equal(0, reader.OutOfOrderReplies);
        foreach (var reply in replies)
        {
            var body = reply.BodyAs<GetDataResponse>();
            Assert.Equal(DataSize, body.Data!.Length);
            // A read answered after the change comes after its notification in the stream, and one before it, before.
            Assert.Equal(body.Stat.Version == 1 ? 1 : 0, reply.EventsBefore);
        }
        Assert.All(replies[HeldBackReads..], reply => Assert.Equal(1, reply.BodyAs<GetDataResponse>().Stat.Version));
    }
}
