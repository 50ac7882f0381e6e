using System.Diagnostics;
using ConfigCenter.Client.Exceptions;
using ConfigCenter.Client.Tests.Support;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Client.Tests.Faults;

/// <summary>Closing a client whose connection breaks before its close request could be written.</summary>
[Collection(ClientCollection.Name)]
public sealed class CloseDuringDisconnectTests(SharedServers servers)
{
    [Theory]
    [BothServerKinds]
    public async Task A_close_request_still_queued_when_the_connection_drops_fails_at_once(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        await using var observer = await TestClients.ConnectAsync(server.ConnectString);
        var root = await TestClients.CreateTestRootAsync(observer, "close-queued");
        await using var proxy = TcpProxy.Start(server.ClientPort);
        var client = await TestClients.ConnectAsync(proxy.ConnectString, o => o.ConnectionTimeout = TimeSpan.FromSeconds(10));
        await client.CreateAsync(root + "/big", null, Acl.OpenAclUnsafe, CreateMode.Persistent);

        // Stalled, the proxy stops reading: 16 MiB of writes fill the socket buffers and block the client's sender,
        // so the close request below stays in the client's queue.
        proxy.Stall();
        var writes = Enumerable.Range(0, 16).Select(_ => client.SetDataAsync(root + "/big", new byte[1024 * 1024])).ToList();
        var closing = client.DisposeAsync().AsTask();
        Assert.False(closing.IsCompleted);
        var stopwatch = Stopwatch.StartNew();
        proxy.ResetConnections();

        await closing.WaitAsync(TestTimeouts.Event);
        // Nothing can answer the queued close any more: it must fail at once, not after the 3 s close timeout.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), $"Closing took {stopwatch.Elapsed} after the connection dropped");
        Assert.Equal(ConnectionState.Closed, client.CurrentState);
        foreach (var write in writes) await Assert.ThrowsAsync<ConnectionLossException>(() => write);
    }
}
