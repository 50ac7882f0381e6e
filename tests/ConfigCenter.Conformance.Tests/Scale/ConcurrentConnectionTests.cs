using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.Raw;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Conformance.Tests.Scale;

/// <summary>The client listener holds thousands of sessions at once and keeps answering each of them.</summary>
[Collection(ServerProcessCollection.Name)]
public sealed class ConcurrentConnectionTests
{
    private const int Connections = 2000;

    [Fact]
    public async Task Two_thousand_concurrent_sessions_each_get_their_answers()
    {
        var options = new ZkServerOptions { ExtraConfig = new Dictionary<string, string> { ["maxClientCnxns"] = "0" } };
        await using var server = await ZkServers.StartAsync(ServerKind.ConfigCenter, options);
        await using var setup = await RawZkConnection.ConnectAsync(server.ClientPort, 30000);
        var created = await setup.SendAsync(OpCode.Create, new CreateRequest("/shared", "v"u8.ToArray(), Acl.OpenAclUnsafe, 0));
        Assert.Equal(ErrorCode.Ok, created.Header.Err);

        var clients = new RawZkConnection[Connections];
        try
        {
            // Open every session first, so all of them are alive at the same time.
            for (var batch = 0; batch < Connections; batch += 100)
            {
                var opening = Enumerable.Range(batch, 100).Select(async i => clients[i] = await RawZkConnection.ConnectAsync(server.ClientPort, 30000));
                await Task.WhenAll(opening);
            }
            Assert.Equal(Connections, clients.Select(c => c.SessionId).Distinct().Count());

            var replies = await Task.WhenAll(clients.Select(c => c.SendAsync(OpCode.GetData, new GetDataRequest("/shared", false))));

            Assert.All(replies, reply => Assert.Equal(ErrorCode.Ok, reply.Header.Err));
            Assert.All(replies, reply => Assert.Equal("v"u8.ToArray(), Assert.IsType<GetDataResponse>(reply.Body).Data));
            var mntr = await server.FourLetterWordAsync("mntr");
            Assert.Contains($"zk_global_sessions\t{Connections + 1}", mntr);
        }
        finally
        {
            foreach (var client in clients)
                if (client is not null) await client.DisposeAsync();
        }
    }
}
