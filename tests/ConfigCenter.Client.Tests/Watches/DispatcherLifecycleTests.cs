using ConfigCenter.Client.Tests.Support;
using ConfigCenter.Client.Watches;
using ConfigCenter.Protocol;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Client.Tests.Watches;

[Collection(ClientCollection.Name)]
public sealed class DispatcherLifecycleTests(SharedServers servers)
{
    [Theory]
    [BothServerKinds]
    public async Task Disposing_the_client_from_a_watcher_does_not_deadlock(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        await using var observer = await TestClients.ConnectAsync(server.ConnectString);
        var root = await TestClients.CreateTestRootAsync(observer, "dispose-in-watcher");
        var client = await TestClients.ConnectAsync(server.ConnectString);
        var disposed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watcher = Watcher.Create(e =>
        {
            if (e.Type != EventType.None) _ = DisposeAndSignalAsync();
        });
        async Task DisposeAndSignalAsync()
        {
            await client.DisposeAsync();
            disposed.TrySetResult();
        }
        await client.GetDataAsync(root, watcher);

        await observer.SetDataAsync(root, [1]);

        await disposed.Task.WaitAsync(TestTimeouts.Event);
        Assert.Equal(ConnectionState.Closed, client.CurrentState);
    }

    [Theory]
    [BothServerKinds]
    public async Task Dispose_delivers_Closed_to_the_default_watcher_before_it_returns(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        var stateEvents = new StateEventCollector();
        var client = await TestClients.ConnectAsync(server.ConnectString, o => o.DefaultWatcher = stateEvents);

        await client.DisposeAsync();

        Assert.Equal([KeeperState.SyncConnected, KeeperState.Closed], stateEvents.States);
    }
}
