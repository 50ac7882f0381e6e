using ConfigCenter.Client.Tests.Support;
using ConfigCenter.Client.Watches;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Client.Tests.Watches;

[Collection(ClientCollection.Name)]
public sealed class OneShotWatchTests(SharedServers servers)
{
    private static readonly IReadOnlyList<Acl> Open = Acl.OpenAclUnsafe;

    [Theory]
    [BothServerKinds]
    public async Task A_data_watch_fires_once(ServerKind kind)
    {
        await using var client = await ConnectAsync(kind);
        var root = await TestClients.CreateTestRootAsync(client, "data-watch");
        var watcher = new EventCollector();
        await client.CreateAsync(root + "/n", null, Open);
        await client.GetDataAsync(root + "/n", watcher);

        await client.SetDataAsync(root + "/n", [1]);
        await client.SetDataAsync(root + "/n", [2]);

        await watcher.NextAsync(EventType.NodeDataChanged, root + "/n");
        await EventOrdering.AssertEventCountAsync(client, root, watcher, expected: 1);
    }

    [Theory]
    [BothServerKinds]
    public async Task An_exists_watch_on_a_missing_node_fires_on_create_and_on_a_present_one_fires_on_delete(ServerKind kind)
    {
        await using var client = await ConnectAsync(kind);
        var root = await TestClients.CreateTestRootAsync(client, "exists-watch");
        var watcher = new EventCollector();

        Assert.Null(await client.ExistsAsync(root + "/n", watcher));
        await client.CreateAsync(root + "/n", null, Open);
        await watcher.NextAsync(EventType.NodeCreated, root + "/n");

        Assert.NotNull(await client.ExistsAsync(root + "/n", watcher));
        await client.DeleteAsync(root + "/n");
        await watcher.NextAsync(EventType.NodeDeleted, root + "/n");
        await EventOrdering.AssertEventCountAsync(client, root, watcher, expected: 2);
    }

    [Theory]
    [BothServerKinds]
    public async Task A_child_watch_fires_on_a_new_child_and_a_data_watch_on_delete(ServerKind kind)
    {
        await using var client = await ConnectAsync(kind);
        var root = await TestClients.CreateTestRootAsync(client, "child-watch");
        var children = new EventCollector();
        var data = new EventCollector();

        await client.GetChildrenAsync(root, children);
        await client.CreateAsync(root + "/c", null, Open);
        await children.NextAsync(EventType.NodeChildrenChanged, root);

        await client.GetDataAsync(root + "/c", data);
        await client.GetChildrenWithStatAsync(root + "/c", children);
        await client.DeleteAsync(root + "/c");
        await data.NextAsync(EventType.NodeDeleted, root + "/c");
        await children.NextAsync(EventType.NodeDeleted, root + "/c");
    }

    [Theory]
    [BothServerKinds]
    public async Task A_failed_read_sets_no_watch(ServerKind kind)
    {
        await using var client = await ConnectAsync(kind);
        var root = await TestClients.CreateTestRootAsync(client, "no-watch");
        var watcher = new EventCollector();

        await Assert.ThrowsAsync<ConfigCenter.Client.Exceptions.NoNodeException>(() => client.GetDataAsync(root + "/n", watcher));
        await client.CreateAsync(root + "/n", null, Open);

        await EventOrdering.AssertEventCountAsync(client, root, watcher, expected: 0);
    }

    [Theory]
    [BothServerKinds]
    public async Task Watchers_are_called_one_at_a_time_in_event_order(ServerKind kind)
    {
        await using var client = await ConnectAsync(kind);
        var root = await TestClients.CreateTestRootAsync(client, "ordering");
        var running = 0;
        var overlapped = false;
        var seen = new List<string>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        const int Count = 50;
        var watcher = Watcher.Create(e =>
        {
            if (Interlocked.Increment(ref running) != 1) overlapped = true;
            Thread.SpinWait(1000); // widen the window in which a concurrent call would be caught
            seen.Add(e.Path!);
            if (seen.Count == Count) done.TrySetResult();
            Interlocked.Decrement(ref running);
        });
        var paths = Enumerable.Range(0, Count).Select(i => $"{root}/n{i:D2}").ToList();
        await Task.WhenAll(paths.Select(path => client.ExistsAsync(path, watcher)));

        await Task.WhenAll(paths.Select(path => client.CreateAsync(path, null, Open)));

        await done.Task.WaitAsync(TestTimeouts.Event);
        Assert.False(overlapped);
        Assert.Equal(paths, seen); // pipelined creates apply in order, so their events come in order
    }

    private async Task<ZooKeeperClient> ConnectAsync(ServerKind kind) =>
        await TestClients.ConnectAsync((await servers.GetAsync(kind)).ConnectString);
}
