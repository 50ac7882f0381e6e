using ConfigCenter.Client.Tests.Support;
using ConfigCenter.Client.Watches;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
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

    [Theory]
    [BothServerKinds]
    public async Task WhenEventsDeliveredAsync_after_a_read_means_the_events_before_its_reply_were_handled(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        await using var writer = await TestClients.ConnectAsync(server.ConnectString);
        var root = await TestClients.CreateTestRootAsync(writer, "barrier");
        await using var client = await TestClients.ConnectAsync(server.ConnectString);
        var gate = new ManualResetEventSlim(false);
        var seen = new List<string>();
        // The first event blocks the dispatcher, so later events queue up behind it.
        await client.AddWatchAsync(root, AddWatchMode.PersistentRecursive, Watcher.Create(e =>
        {
            if (e.Type == EventType.None) return;
            gate.Wait(TestTimeouts.Event);
            lock (seen) seen.Add(e.Path!);
        }));

        for (var i = 0; i < 5; i++) await writer.CreateAsync($"{root}/n{i}", null, Acl.OpenAclUnsafe, CreateMode.Persistent);
        await client.GetChildrenAsync(root); // its reply follows the five creation events on the wire
        var delivered = client.WhenEventsDeliveredAsync();
        Assert.False(delivered.IsCompleted);
        gate.Set();
        await delivered.WaitAsync(TestTimeouts.Event);

        lock (seen) Assert.Equal(Enumerable.Range(0, 5).Select(i => $"{root}/n{i}"), seen);
    }

    [Fact]
    public async Task WhenEventsDeliveredAsync_completes_on_a_closed_client()
    {
        var client = new ZooKeeperClient(new ZooKeeperClientOptions { ConnectString = "127.0.0.1:1" });
        await client.DisposeAsync();
        await client.WhenEventsDeliveredAsync().WaitAsync(TestTimeouts.Event);
    }
}
