using ConfigCenter.Testing.Network;
using ConfigCenter.Client.Exceptions;
using ConfigCenter.Client.Tests.Support;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Client.Tests.Connection;

[Collection(ClientCollection.Name)]
public sealed class SessionTests(SharedServers servers)
{
    [Theory]
    [BothServerKinds]
    public async Task Connect_establishes_a_session_and_reports_Connected(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        var client = new ZooKeeperClient(new ZooKeeperClientOptions { ConnectString = server.ConnectString, SessionTimeout = TimeSpan.FromSeconds(4) });
        await using (client)
        {
            using var states = new StateRecorder(client);
            var raised = new TaskCompletionSource<ConnectionStateChange>(TaskCreationOptions.RunContinuationsAsynchronously);
            client.StateChanged += (sender, change) =>
            {
                Assert.Same(client, sender);
                raised.TrySetResult(change);
            };
            Assert.Equal(ConnectionState.Connecting, client.CurrentState);

            await client.ConnectAsync();

            var change = await states.WaitForAsync(ConnectionState.Connected);
            Assert.Equal(ConnectionState.Connecting, change.Previous);
            Assert.Equal(ConnectionState.Connected, client.CurrentState);
            Assert.NotEqual(0, client.SessionId);
            Assert.Equal(client.SessionId, change.SessionId);
            Assert.Equal(TimeSpan.FromSeconds(4), client.NegotiatedSessionTimeout);
            Assert.Equal(16, client.SessionPassword.Length);
            Assert.Equal(change, await raised.Task.WaitAsync(TestTimeouts.Event));
        }
    }

    [Theory]
    [BothServerKinds]
    public async Task The_server_clamps_the_session_timeout_to_its_bounds(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        // tickTime 500: sessions last between 2 and 20 ticks.
        await using var shortSession = await TestClients.ConnectAsync(server.ConnectString, o => o.SessionTimeout = TimeSpan.FromMilliseconds(100));
        await using var longSession = await TestClients.ConnectAsync(server.ConnectString, o => o.SessionTimeout = TimeSpan.FromMinutes(5));

        Assert.Equal(TimeSpan.FromSeconds(1), shortSession.NegotiatedSessionTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), longSession.NegotiatedSessionTimeout);
    }

    [Theory]
    [BothServerKinds]
    public async Task Dispose_closes_the_session_so_its_ephemerals_go_at_once(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        await using var observer = await TestClients.ConnectAsync(server.ConnectString);
        var root = await TestClients.CreateTestRootAsync(observer, "close");
        var owner = await TestClients.ConnectAsync(server.ConnectString);
        using var states = new StateRecorder(owner);
        await owner.CreateAsync(root + "/mine", [1], Acl.OpenAclUnsafe, CreateMode.Ephemeral);

        await owner.DisposeAsync();

        Assert.Equal(ConnectionState.Closed, owner.CurrentState);
        await states.WaitForAsync(ConnectionState.Closed);
        Assert.Null(await observer.ExistsAsync(root + "/mine"));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => owner.ExistsAsync(root));
        await owner.DisposeAsync(); // idempotent
    }

    [Theory]
    [BothServerKinds]
    public async Task A_client_that_may_use_read_only_servers_connects_read_write_to_a_standalone_server(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        await using var client = await TestClients.ConnectAsync(server.ConnectString, o => o.CanBeReadOnly = true);

        Assert.Equal(ConnectionState.Connected, client.CurrentState);
        Assert.Null(await client.ExistsAsync("/no-such-node"));
    }

    [Fact]
    public async Task ConnectAsync_times_out_when_no_server_answers()
    {
        await using var proxy = TcpProxy.Start(upstreamPort: 1);
        proxy.Stall();
        var options = new ZooKeeperClientOptions
        {
            ConnectString = proxy.ConnectString,
            SessionTimeout = TimeSpan.FromSeconds(2),
            ConnectionTimeout = TimeSpan.FromMilliseconds(500),
        };

        await Assert.ThrowsAsync<TimeoutException>(() => ZooKeeperClient.ConnectAsync(options));
    }

    [Theory]
    [BothServerKinds]
    public async Task A_refused_auth_scheme_makes_the_client_AuthFailed_for_good(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        await using var client = await TestClients.ConnectAsync(server.ConnectString);
        using var states = new StateRecorder(client);

        await Assert.ThrowsAsync<AuthFailedException>(() => client.AddAuthAsync("no-such-scheme", [1, 2, 3]));

        await states.WaitForAsync(ConnectionState.AuthFailed);
        Assert.Equal(ConnectionState.AuthFailed, client.CurrentState);
        await Assert.ThrowsAsync<AuthFailedException>(() => client.ExistsAsync("/"));
    }
}
