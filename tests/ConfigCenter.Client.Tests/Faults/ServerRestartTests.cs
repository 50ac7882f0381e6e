using ConfigCenter.Client.Tests.Support;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Client.Tests.Faults;

/// <summary>A server killed and restarted on the same data directory, with its own server instance.</summary>
[Collection(ClientCollection.Name)]
public sealed class ServerRestartTests
{
    [Theory]
    [InlineData(ServerKind.ApacheZooKeeper)]
    [InlineData(ServerKind.ConfigCenter)]
    public async Task The_session_survives_a_server_restart_within_its_timeout(ServerKind kind)
    {
        await using var server = await ZkServers.StartAsync(kind, SharedServers.Options);
        await using var client = await TestClients.ConnectAsync(server.ConnectString, o => o.SessionTimeout = TimeSpan.FromSeconds(10));
        using var states = new StateRecorder(client);
        var root = await TestClients.CreateTestRootAsync(client, "restart");
        await client.CreateAsync(root + "/ephemeral", null, Acl.OpenAclUnsafe, CreateMode.Ephemeral);
        var sessionId = client.SessionId;

        await server.KillAsync();
        await states.WaitForAsync(ConnectionState.Suspended);
        var waiting = client.ExistsAsync(root + "/ephemeral"); // waits for the reconnect
        await server.RestartAsync();

        Assert.Equal(sessionId, (await states.WaitForAsync(ConnectionState.Connected)).SessionId);
        Assert.NotNull(await waiting);
    }
}
