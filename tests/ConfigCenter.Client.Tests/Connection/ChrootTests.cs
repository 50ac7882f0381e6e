using ConfigCenter.Client.Operations;
using ConfigCenter.Client.Tests.Support;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Client.Tests.Connection;

[Collection(ClientCollection.Name)]
public sealed class ChrootTests(SharedServers servers)
{
    private static readonly IReadOnlyList<Acl> Open = Acl.OpenAclUnsafe;

    [Theory]
    [BothServerKinds]
    public async Task Paths_in_requests_replies_and_events_are_relative_to_the_chroot(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        await using var rootClient = await TestClients.ConnectAsync(server.ConnectString);
        var chroot = await TestClients.CreateTestRootAsync(rootClient, "chroot");
        await using var client = await TestClients.ConnectAsync(server.ConnectString + chroot);
        var watcher = new EventCollector();

        Assert.Equal(chroot, client.Chroot);
        Assert.NotNull(await client.ExistsAsync("/"));
        Assert.Null(await client.ExistsAsync("/a", watcher));
        Assert.Equal("/a", await client.CreateAsync("/a", [1], Open));
        await watcher.NextAsync(EventType.NodeCreated, "/a");
        Assert.Equal([1], (await rootClient.GetDataAsync(chroot + "/a")).Data);

        Assert.Equal("/s-0000000001", (await client.CreateWithStatAsync("/s-", null, Open, CreateMode.EphemeralSequential)).Path);
        Assert.Equal(["/s-0000000001"], await client.GetEphemeralsAsync("/"));
        Assert.Equal("/a", await client.SyncAsync("/a"));
        Assert.Equal(["a", "s-0000000001"], (await client.GetChildrenAsync("/")).Order(StringComparer.Ordinal));

        var results = await client.Transaction().Create("/b", null, Open).Create("/c-", null, Open, CreateMode.PersistentSequential).CommitAsync();
        Assert.Equal(["/b", "/c-0000000003"], results.Cast<CreateResult>().Select(r => r.Path));

        var recursive = new EventCollector();
        await client.AddWatchAsync("/", AddWatchMode.PersistentRecursive, recursive);
        await rootClient.SetDataAsync(chroot + "/b", [2]);
        await recursive.NextAsync(EventType.NodeDataChanged, "/b");
    }

    [Fact]
    public void Invalid_connect_strings_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new ZooKeeperClient(new ZooKeeperClientOptions { ConnectString = "" }));
        Assert.Throws<ArgumentException>(() => new ZooKeeperClient(new ZooKeeperClientOptions { ConnectString = "host:2181/bad/" }));
        Assert.Throws<ArgumentException>(() => new ZooKeeperClient(new ZooKeeperClientOptions { ConnectString = "host:notaport" }));
        Assert.Throws<ArgumentException>(() => new ZooKeeperClient(new ZooKeeperClientOptions { ConnectString = "::1:2181" }));
    }
}
