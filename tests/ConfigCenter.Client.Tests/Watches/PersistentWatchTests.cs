using ConfigCenter.Client.Exceptions;
using ConfigCenter.Client.Tests.Support;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Client.Tests.Watches;

[Collection(ClientCollection.Name)]
public sealed class PersistentWatchTests(SharedServers servers)
{
    private static readonly IReadOnlyList<Acl> Open = Acl.OpenAclUnsafe;

    [Theory]
    [BothServerKinds]
    public async Task A_persistent_watch_sees_every_change_of_its_node_and_children(ServerKind kind)
    {
        await using var client = await ConnectAsync(kind);
        var root = await TestClients.CreateTestRootAsync(client, "persistent");
        var watcher = new EventCollector();
        var node = root + "/n";

        await client.AddWatchAsync(node, AddWatchMode.Persistent, watcher);
        await client.CreateAsync(node, null, Open);
        await client.SetDataAsync(node, [1]);
        await client.SetDataAsync(node, [2]);
        await client.CreateAsync(node + "/child", null, Open);
        await client.CreateAsync(node + "/child/grandchild", null, Open);

        await watcher.NextAsync(EventType.NodeCreated, node);
        await watcher.NextAsync(EventType.NodeDataChanged, node);
        await watcher.NextAsync(EventType.NodeDataChanged, node);
        await watcher.NextAsync(EventType.NodeChildrenChanged, node);
        await EventOrdering.AssertEventCountAsync(client, root, watcher, expected: 4);
    }

    [Theory]
    [BothServerKinds]
    public async Task A_recursive_watch_sees_data_and_existence_events_below_it_but_no_child_events(ServerKind kind)
    {
        await using var client = await ConnectAsync(kind);
        var root = await TestClients.CreateTestRootAsync(client, "recursive");
        var watcher = new EventCollector();

        await client.AddWatchAsync(root, AddWatchMode.PersistentRecursive, watcher);
        await client.CreateAsync(root + "/a", null, Open);
        await client.CreateAsync(root + "/a/b", null, Open);
        await client.SetDataAsync(root + "/a/b", [1]);
        await client.DeleteAsync(root + "/a/b");

        await watcher.NextAsync(EventType.NodeCreated, root + "/a");
        await watcher.NextAsync(EventType.NodeCreated, root + "/a/b");
        await watcher.NextAsync(EventType.NodeDataChanged, root + "/a/b");
        await watcher.NextAsync(EventType.NodeDeleted, root + "/a/b");
    }

    [Theory]
    [BothServerKinds]
    public async Task RemoveWatches_tells_the_watcher_and_stops_its_events(ServerKind kind)
    {
        await using var client = await ConnectAsync(kind);
        var root = await TestClients.CreateTestRootAsync(client, "remove");
        var data = new EventCollector();
        var other = new EventCollector();
        await client.CreateAsync(root + "/n", null, Open);
        await client.GetDataAsync(root + "/n", data);
        await client.GetDataAsync(root + "/n", other);

        await client.RemoveWatchesAsync(root + "/n", data, WatcherType.Data);
        await data.NextAsync(EventType.DataWatchRemoved, root + "/n");
        await client.SetDataAsync(root + "/n", [1]);

        // The other watcher of the same node keeps its watch.
        await other.NextAsync(EventType.NodeDataChanged, root + "/n");
        await EventOrdering.AssertEventCountAsync(client, root, data, expected: 1);
        await Assert.ThrowsAsync<NoWatcherException>(() => client.RemoveWatchesAsync(root + "/n", data, WatcherType.Data));
    }

    [Theory]
    [BothServerKinds]
    public async Task RemoveAllWatches_removes_child_and_persistent_watches(ServerKind kind)
    {
        await using var client = await ConnectAsync(kind);
        var root = await TestClients.CreateTestRootAsync(client, "remove-all");
        var children = new EventCollector();
        var persistent = new EventCollector();
        await client.GetChildrenAsync(root, children);
        await client.AddWatchAsync(root, AddWatchMode.PersistentRecursive, persistent);

        await client.RemoveAllWatchesAsync(root, WatcherType.Children);
        await children.NextAsync(EventType.ChildWatchRemoved, root);
        await client.RemoveAllWatchesAsync(root, WatcherType.Any);
        await persistent.NextAsync(EventType.PersistentWatchRemoved, root);

        await client.CreateAsync(root + "/after", null, Open);
        await EventOrdering.AssertEventCountAsync(client, root, children, expected: 1);
        await EventOrdering.AssertEventCountAsync(client, root, persistent, expected: 1);
        await Assert.ThrowsAsync<NoWatcherException>(() => client.RemoveAllWatchesAsync(root, WatcherType.Any));
    }

    private async Task<ZooKeeperClient> ConnectAsync(ServerKind kind) =>
        await TestClients.ConnectAsync((await servers.GetAsync(kind)).ConnectString);
}
