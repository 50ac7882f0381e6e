using ConfigCenter.Testing.Network;
using ConfigCenter.Client.Exceptions;
using ConfigCenter.Client.Tests.Support;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Client.Tests.Faults;

/// <summary>
/// Sessions that end while the client is cut off: the proxy holds all traffic until the server has
/// expired the session (seen by a directly connected observer), then lets the client reconnect.
/// </summary>
[Collection(ClientCollection.Name)]
public sealed class SessionExpiryTests(SharedServers servers)
{
    private static readonly IReadOnlyList<Acl> Open = Acl.OpenAclUnsafe;

    [Theory]
    [BothServerKinds]
    public async Task An_expired_session_makes_the_client_Lost_for_good(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        await using var observer = await TestClients.ConnectAsync(server.ConnectString);
        var root = await TestClients.CreateTestRootAsync(observer, "expiry");
        await using var proxy = TcpProxy.Start(server.ClientPort);
        var stateEvents = new StateEventCollector();
        await using var client = await TestClients.ConnectAsync(proxy.ConnectString, o =>
        {
            o.SessionTimeout = TimeSpan.FromSeconds(2);
            o.DefaultWatcher = stateEvents;
        });
        using var states = new StateRecorder(client);
        var watcher = new StateEventCollector();
        await client.CreateAsync(root + "/ephemeral", null, Open, CreateMode.Ephemeral);
        await client.GetDataAsync(root + "/ephemeral", watcher);

        await ExpireThroughProxyAsync(observer, proxy, root + "/ephemeral");

        Assert.Equal(ConnectionState.Suspended, (await states.WaitForAsync(ConnectionState.Lost)).Previous);
        Assert.Equal(ConnectionState.Lost, client.CurrentState);
        await Assert.ThrowsAsync<SessionExpiredException>(() => client.ExistsAsync(root));
        Assert.Equal(KeeperState.Expired, stateEvents.States[^1]);
        Assert.Equal(KeeperState.Expired, watcher.States[^1]); // every watcher hears of the expiry, as in ZooKeeper
    }

    [Theory]
    [BothServerKinds]
    public async Task RebuildSessionOnExpiry_starts_a_new_session_without_the_old_watches_and_ephemerals(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        await using var observer = await TestClients.ConnectAsync(server.ConnectString);
        var root = await TestClients.CreateTestRootAsync(observer, "rebuild");
        await using var proxy = TcpProxy.Start(server.ClientPort);
        await using var client = await TestClients.ConnectAsync(proxy.ConnectString, o =>
        {
            o.SessionTimeout = TimeSpan.FromSeconds(2);
            o.RebuildSessionOnExpiry = true;
        });
        using var states = new StateRecorder(client);
        var oldSession = client.SessionId;
        var watcher = new EventCollector();
        await client.CreateAsync(root + "/ephemeral", null, Open, CreateMode.Ephemeral);
        await client.GetDataAsync(root, watcher);

        await ExpireThroughProxyAsync(observer, proxy, root + "/ephemeral");

        await states.WaitForAsync(ConnectionState.Lost);
        var rebuilt = await states.WaitForAsync(ConnectionState.Connected);
        Assert.NotEqual(oldSession, rebuilt.SessionId);
        Assert.Equal(rebuilt.SessionId, client.SessionId);
        Assert.Null(await client.ExistsAsync(root + "/ephemeral"));
        await observer.SetDataAsync(root, [1]);
        await EventOrdering.AssertEventCountAsync(client, root, watcher, expected: 0);
        await client.CreateAsync(root + "/ephemeral", null, Open, CreateMode.Ephemeral);
    }

    /// <summary>
    /// Cuts the client off (all bytes held), waits until the observer sees the client's ephemeral node
    /// deleted (the server expired the session), then lets traffic flow so the client learns of it.
    /// </summary>
    private static async Task ExpireThroughProxyAsync(ZooKeeperClient observer, TcpProxy proxy, string ephemeralPath)
    {
        var deleted = new EventCollector();
        Assert.NotNull(await observer.ExistsAsync(ephemeralPath, deleted));
        proxy.Stall();
        await deleted.NextAsync(EventType.NodeDeleted, ephemeralPath);
        proxy.Resume();
    }
}
