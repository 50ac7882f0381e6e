using ConfigCenter.Testing.Network;
using ConfigCenter.Client.Exceptions;
using ConfigCenter.Client.Helpers;
using ConfigCenter.Client.Tests.Support;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Client.Tests.Faults;

/// <summary>Connection faults the session survives: the client goes Suspended, reconnects, and keeps its session.</summary>
[Collection(ClientCollection.Name)]
public sealed class ReconnectTests(SharedServers servers)
{
    private static readonly IReadOnlyList<Acl> Open = Acl.OpenAclUnsafe;

    [Theory]
    [BothServerKinds]
    public async Task A_reset_connection_suspends_then_reconnects_with_the_same_session(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        await using var proxy = TcpProxy.Start(server.ClientPort);
        var stateEvents = new StateEventCollector();
        await using var client = await TestClients.ConnectAsync(proxy.ConnectString, o => o.DefaultWatcher = stateEvents);
        using var states = new StateRecorder(client);
        var root = await TestClients.CreateTestRootAsync(client, "reset");
        await client.CreateAsync(root + "/mine", null, Open, CreateMode.Ephemeral);
        var sessionId = client.SessionId;

        proxy.ResetConnections();

        Assert.Equal(sessionId, (await states.WaitForAsync(ConnectionState.Suspended)).SessionId);
        Assert.Equal(sessionId, (await states.WaitForAsync(ConnectionState.Connected)).SessionId);
        Assert.Equal(sessionId, client.SessionId);
        Assert.NotNull(await client.ExistsAsync(root + "/mine"));
        Assert.Equal([KeeperState.SyncConnected, KeeperState.Disconnected, KeeperState.SyncConnected], stateEvents.States);
    }

    [Theory]
    [BothServerKinds]
    public async Task Requests_in_flight_fail_with_ConnectionLoss_and_are_never_replayed(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        await using var observer = await TestClients.ConnectAsync(server.ConnectString);
        var root = await TestClients.CreateTestRootAsync(observer, "in-flight");
        var created = await NodeCreationCounter.StartAsync(observer, root);
        await using var proxy = TcpProxy.Start(server.ClientPort);
        await using var client = await TestClients.ConnectAsync(proxy.ConnectString);
        using var states = new StateRecorder(client);

        proxy.StallReplies();
        var creates = Enumerable.Range(0, 10).Select(_ => client.CreateAsync(root + "/n-", null, Open, CreateMode.PersistentSequential)).ToList();
        await created.WaitForAsync(10); // applied by the server; the replies are held by the proxy
        proxy.ResetConnections();
        proxy.Resume();

        foreach (var create in creates)
            await Assert.ThrowsAsync<ConnectionLossException>(() => create);
        await states.WaitForAsync(ConnectionState.Connected);
        Assert.Equal(10, (await client.GetChildrenAsync(root)).Count);
    }

    [Theory]
    [BothServerKinds]
    public async Task Watches_are_set_again_after_a_reconnect_and_changes_missed_meanwhile_are_delivered(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        await using var observer = await TestClients.ConnectAsync(server.ConnectString);
        var root = await TestClients.CreateTestRootAsync(observer, "rewatch");
        await observer.CreateAsync(root + "/data", null, Open);
        await observer.CreateAsync(root + "/persistent", null, Open);
        await using var proxy = TcpProxy.Start(server.ClientPort);
        await using var client = await TestClients.ConnectAsync(proxy.ConnectString);
        using var states = new StateRecorder(client);
        var data = new EventCollector();
        var exists = new EventCollector();
        var children = new EventCollector();
        var persistent = new EventCollector();
        await client.GetDataAsync(root + "/data", data);
        await client.ExistsAsync(root + "/later", exists);
        await client.GetChildrenAsync(root, children);
        await client.AddWatchAsync(root + "/persistent", AddWatchMode.Persistent, persistent);

        proxy.Stall();
        proxy.ResetConnections();
        await states.WaitForAsync(ConnectionState.Suspended);
        await observer.SetDataAsync(root + "/data", [1]);
        await observer.CreateAsync(root + "/later", null, Open);
        proxy.Resume();
        await states.WaitForAsync(ConnectionState.Connected);

        await data.NextAsync(EventType.NodeDataChanged, root + "/data");
        await exists.NextAsync(EventType.NodeCreated, root + "/later");
        await children.NextAsync(EventType.NodeChildrenChanged, root);
        await observer.SetDataAsync(root + "/persistent", [1]);
        await persistent.NextAsync(EventType.NodeDataChanged, root + "/persistent");
    }

    [Theory]
    [BothServerKinds]
    public async Task A_silent_server_is_detected_by_the_read_timeout_and_the_session_resumed(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        await using var proxy = TcpProxy.Start(server.ClientPort);
        await using var client = await TestClients.ConnectAsync(proxy.ConnectString, o => o.SessionTimeout = TimeSpan.FromSeconds(6));
        using var states = new StateRecorder(client);
        var sessionId = client.SessionId;

        proxy.Stall(); // the connection stays open but nothing moves: only the read timeout can notice
        await states.WaitForAsync(ConnectionState.Suspended);
        proxy.Resume();

        Assert.Equal(sessionId, (await states.WaitForAsync(ConnectionState.Connected)).SessionId);
        Assert.NotNull(await client.ExistsAsync("/"));
    }

    [Theory]
    [BothServerKinds]
    public async Task Requests_issued_while_suspended_run_after_the_reconnect(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        await using var proxy = TcpProxy.Start(server.ClientPort);
        await using var client = await TestClients.ConnectAsync(proxy.ConnectString);
        using var states = new StateRecorder(client);
        var root = await TestClients.CreateTestRootAsync(client, "suspended");

        proxy.Stall();
        proxy.ResetConnections();
        await states.WaitForAsync(ConnectionState.Suspended);
        var waiting = client.CreateAsync(root + "/queued", null, Open);
        proxy.Resume();

        Assert.Equal(root + "/queued", await waiting);
        Assert.Equal(ConnectionState.Connected, client.CurrentState);
    }

    [Theory]
    [BothServerKinds]
    public async Task Reads_are_retried_across_a_connection_loss(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        await using var proxy = TcpProxy.Start(server.ClientPort);
        await using var client = await TestClients.ConnectAsync(proxy.ConnectString, o => o.RetryPolicy = RetryPolicy.Default);
        var root = await TestClients.CreateTestRootAsync(client, "retry");
        await client.SetDataAsync(root, [9]);

        proxy.StallReplies();
        var read = client.GetDataAsync(root);
        proxy.ResetConnections();
        proxy.Resume();

        Assert.Equal([9], (await read).Data);
    }

    [Theory]
    [BothServerKinds]
    public async Task An_idle_session_is_kept_alive_by_pings(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        var client = new ZooKeeperClient(new ZooKeeperClientOptions { ConnectString = server.ConnectString, SessionTimeout = TimeSpan.FromSeconds(2) });
        await using (client)
        {
            using var states = new StateRecorder(client);
            await client.ConnectAsync();
            await states.WaitForAsync(ConnectionState.Connected);
            var sessionId = client.SessionId;

            // Idle for twice the session timeout: the property under test is that time passing changes nothing.
            await Task.Delay(TimeSpan.FromSeconds(4));

            // Without pings the server would have expired the session: the client would be Lost. (A loaded
            // machine may still cost a connection to the read timeout; the session must survive that.)
            Assert.NotNull(await client.ExistsAsync("/"));
            Assert.Equal(sessionId, client.SessionId);
            Assert.DoesNotContain(states.TakeBuffered(), change => change.Current == ConnectionState.Lost);
        }
    }
}
