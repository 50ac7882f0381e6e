using ConfigCenter.Configuration.Tests.Support;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.Network;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Configuration.Tests.Faults;

/// <summary>
/// Changes made while the provider is cut off reach it once it is back: persistent watches do not replay
/// them, so the provider re-reads after every reconnect and every new session.
/// </summary>
[Collection(ConfigurationCollection.Name)]
public sealed class ReconnectTests(SharedServers servers)
{
    [Theory]
    [BothServerKinds]
    public async Task A_change_made_during_a_disconnect_arrives_after_the_reconnect(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        await using var zk = await ZkTestClients.ConnectAsync(server.ConnectString);
        var root = await ZkTestClients.CreateRootAsync(zk, "reconnect");
        await zk.CreateAsync($"{root}/Value", "before"u8.ToArray(), Acl.OpenAclUnsafe, CreateMode.Persistent);
        await using var proxy = TcpProxy.Start(server.ClientPort);
        await using var app = ConfigurationUnderTest.Build(proxy.ConnectString, root);
        Assert.Equal("before", app["Value"]);

        proxy.Stall();
        await zk.SetDataAsync($"{root}/Value", "during"u8.ToArray()); // its notification is held, then dropped
        await zk.CreateAsync($"{root}/Added", "new"u8.ToArray(), Acl.OpenAclUnsafe, CreateMode.Persistent);
        proxy.ResetConnections();
        proxy.Resume();

        await app.WaitUntilAsync(c => c["Value"] == "during" && c["Added"] == "new", "the changes made while disconnected");
        await zk.SetDataAsync($"{root}/Value", "after"u8.ToArray());
        await app.WaitForValueAsync("Value", "after");
    }

    [Theory]
    [BothServerKinds]
    public async Task After_a_session_expiry_the_provider_resyncs_and_watches_again(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        await using var zk = await ZkTestClients.ConnectAsync(server.ConnectString);
        var root = await ZkTestClients.CreateRootAsync(zk, "expiry");
        await zk.CreateAsync($"{root}/Value", "before"u8.ToArray(), Acl.OpenAclUnsafe, CreateMode.Persistent);
        await using var proxy = TcpProxy.Start(server.ClientPort);
        await using var app = ConfigurationUnderTest.Build(proxy.ConnectString, root, options => options.SessionTimeout = TimeSpan.FromSeconds(2));
        Assert.Equal("before", app["Value"]);

        await ProviderSessions.ExpireThroughProxyAsync(app, zk, proxy, root, async () =>
        {
            await zk.SetDataAsync($"{root}/Value", "while-expired"u8.ToArray());
            await zk.DeleteAsync($"{root}/Value");
            await zk.CreateAsync($"{root}/Value", "recreated"u8.ToArray(), Acl.OpenAclUnsafe, CreateMode.Persistent);
        });

        await app.WaitForValueAsync("Value", "recreated");
        await zk.SetDataAsync($"{root}/Value", "watched-again"u8.ToArray());
        await app.WaitForValueAsync("Value", "watched-again");
    }

    [Theory]
    [BothServerKinds]
    public async Task A_server_restart_loses_no_update(ServerKind kind)
    {
        await using var server = await ZkServers.StartAsync(kind, SharedServers.Options);
        await using var zk = await ZkTestClients.ConnectAsync(server.ConnectString, o => o.SessionTimeout = TimeSpan.FromSeconds(20));
        var root = await ZkTestClients.CreateRootAsync(zk, "restart");
        await zk.CreateAsync($"{root}/Value", "before"u8.ToArray(), Acl.OpenAclUnsafe, CreateMode.Persistent);
        await using var proxy = TcpProxy.Start(server.ClientPort);
        await using var app = ConfigurationUnderTest.Build(proxy.ConnectString, root, options => options.SessionTimeout = TimeSpan.FromSeconds(10));
        Assert.Equal("before", app["Value"]);

        await server.KillAsync();
        proxy.Stall(); // keeps the provider away until the change below is made
        await server.RestartAsync();
        await zk.SetDataAsync($"{root}/Value", "after-restart"u8.ToArray()); // waits for the observer's reconnect
        proxy.ResetConnections();
        proxy.Resume();

        await app.WaitForValueAsync("Value", "after-restart");
        await zk.SetDataAsync($"{root}/Value", "watched-again"u8.ToArray());
        await app.WaitForValueAsync("Value", "watched-again");
    }
}
