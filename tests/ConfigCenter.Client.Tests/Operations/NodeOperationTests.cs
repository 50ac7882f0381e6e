using System.Text;
using ConfigCenter.Client.Exceptions;
using ConfigCenter.Client.Tests.Support;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Client.Tests.Operations;

[Collection(ClientCollection.Name)]
public sealed class NodeOperationTests(SharedServers servers)
{
    private static readonly IReadOnlyList<Acl> Open = Acl.OpenAclUnsafe;

    [Theory]
    [BothServerKinds]
    public async Task Create_in_every_mode_returns_the_actual_path(ServerKind kind)
    {
        await using var client = await ConnectAsync(kind);
        var root = await TestClients.CreateTestRootAsync(client, "create");

        Assert.Equal(root + "/p", await client.CreateAsync(root + "/p", [1], Open));
        Assert.Equal(root + "/e", await client.CreateAsync(root + "/e", [], Open, CreateMode.Ephemeral));
        var sequential = await client.CreateAsync(root + "/s-", null, Open, CreateMode.PersistentSequential);
        Assert.Equal(root + "/s-0000000002", sequential);
        var ephemeralSequential = await client.CreateAsync(root + "/es-", null, Open, CreateMode.EphemeralSequential);
        Assert.Equal(root + "/es-0000000003", ephemeralSequential);
        Assert.Equal(root + "/c", await client.CreateAsync(root + "/c", null, Open, CreateMode.Container));
        Assert.Equal(root + "/t", await client.CreateAsync(root + "/t", null, Open, CreateMode.PersistentWithTtl, TimeSpan.FromMinutes(1)));
        Assert.Equal(root + "/ts-0000000006",
            await client.CreateAsync(root + "/ts-", null, Open, CreateMode.PersistentSequentialWithTtl, TimeSpan.FromMinutes(1)));

        Assert.Equal(client.SessionId, (await client.ExistsAsync(root + "/e"))!.Value.EphemeralOwner);
        Assert.Equal(0, (await client.ExistsAsync(root + "/p"))!.Value.EphemeralOwner);
        Assert.Equal(7, (await client.GetChildrenAsync(root)).Count);
    }

    [Theory]
    [BothServerKinds]
    public async Task CreateWithStat_returns_the_new_nodes_status(ServerKind kind)
    {
        await using var client = await ConnectAsync(kind);
        var root = await TestClients.CreateTestRootAsync(client, "create2");

        var created = await client.CreateWithStatAsync(root + "/n", [1, 2, 3], Open);

        Assert.Equal(root + "/n", created.Path);
        Assert.Equal(3, created.Stat.DataLength);
        Assert.Equal(0, created.Stat.Version);
        Assert.Equal(created.Stat.Czxid, created.Stat.Mzxid);
        Assert.Equal(created.Stat, await client.ExistsAsync(root + "/n"));
    }

    [Theory]
    [BothServerKinds]
    public async Task Create_reports_typed_errors(ServerKind kind)
    {
        await using var client = await ConnectAsync(kind);
        var root = await TestClients.CreateTestRootAsync(client, "create-errors");
        await client.CreateAsync(root + "/e", null, Open, CreateMode.Ephemeral);

        var exists = await Assert.ThrowsAsync<NodeExistsException>(() => client.CreateAsync(root, null, Open));
        Assert.Equal(root, exists.Path);
        Assert.Equal(ErrorCode.NodeExists, exists.Code);
        await Assert.ThrowsAsync<NoNodeException>(() => client.CreateAsync(root + "/missing/child", null, Open));
        await Assert.ThrowsAsync<NoChildrenForEphemeralsException>(() => client.CreateAsync(root + "/e/child", null, Open));
        await Assert.ThrowsAsync<ArgumentException>(() => client.CreateAsync("no-slash", null, Open));
        await Assert.ThrowsAsync<ArgumentException>(() => client.CreateAsync(root + "/", null, Open));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.CreateAsync(root + "/ttl", null, Open, CreateMode.PersistentWithTtl));
        await Assert.ThrowsAsync<ArgumentException>(() => client.CreateAsync(root + "/x", null, []));
        await Assert.ThrowsAsync<InvalidAclException>(() => client.CreateAsync(root + "/x", null, [new Acl(Perms.All, new Id("digest", "malformed"))]));
    }

    [Theory]
    [BothServerKinds]
    public async Task Exists_GetData_and_SetData_round_trip_with_versions(ServerKind kind)
    {
        await using var client = await ConnectAsync(kind);
        var root = await TestClients.CreateTestRootAsync(client, "data");
        var path = root + "/n";

        Assert.Null(await client.ExistsAsync(path));
        await client.CreateAsync(path, Encoding.UTF8.GetBytes("one"), Open);

        var (data, stat) = await client.GetDataAsync(path);
        Assert.Equal("one", Encoding.UTF8.GetString(data));
        Assert.Equal(0, stat.Version);

        var updated = await client.SetDataAsync(path, Encoding.UTF8.GetBytes("two"), version: 0);
        Assert.Equal(1, updated.Version);
        await Assert.ThrowsAsync<BadVersionException>(() => client.SetDataAsync(path, [], version: 0));
        Assert.Equal(2, (await client.SetDataAsync(path, null)).Version);

        var afterNull = await client.GetDataAsync(path);
        Assert.Empty(afterNull.Data);
        Assert.Equal(0, afterNull.Stat.DataLength);
        Assert.Equal(afterNull.Stat, await client.ExistsAsync(path));

        await Assert.ThrowsAsync<NoNodeException>(() => client.GetDataAsync(root + "/missing"));
        await Assert.ThrowsAsync<NoNodeException>(() => client.SetDataAsync(root + "/missing", []));
    }

    [Theory]
    [BothServerKinds]
    public async Task Delete_honours_versions_and_children(ServerKind kind)
    {
        await using var client = await ConnectAsync(kind);
        var root = await TestClients.CreateTestRootAsync(client, "delete");
        await client.CreateAsync(root + "/n", null, Open);
        await client.CreateAsync(root + "/n/child", null, Open);

        await Assert.ThrowsAsync<NotEmptyException>(() => client.DeleteAsync(root + "/n"));
        await Assert.ThrowsAsync<BadVersionException>(() => client.DeleteAsync(root + "/n/child", version: 5));
        await client.DeleteAsync(root + "/n/child", version: 0);
        await client.DeleteAsync(root + "/n");
        await Assert.ThrowsAsync<NoNodeException>(() => client.DeleteAsync(root + "/n"));
        Assert.Null(await client.ExistsAsync(root + "/n"));
    }

    [Theory]
    [BothServerKinds]
    public async Task Children_counts_and_ephemerals(ServerKind kind)
    {
        await using var client = await ConnectAsync(kind);
        var root = await TestClients.CreateTestRootAsync(client, "children");
        await client.CreateAsync(root + "/a", null, Open);
        await client.CreateAsync(root + "/a/x", null, Open);
        await client.CreateAsync(root + "/b", null, Open, CreateMode.Ephemeral);
        await client.CreateAsync(root + "/a/y", null, Open, CreateMode.Ephemeral);

        Assert.Equal(["a", "b"], (await client.GetChildrenAsync(root)).Order(StringComparer.Ordinal));
        var withStat = await client.GetChildrenWithStatAsync(root);
        Assert.Equal(2, withStat.Stat.NumChildren);
        Assert.Equal(2, withStat.Children.Count);
        Assert.Equal(4, await client.GetAllChildrenNumberAsync(root));
        Assert.Equal([root + "/a/y", root + "/b"], (await client.GetEphemeralsAsync(root)).Order(StringComparer.Ordinal));
        Assert.Equal([root + "/a/y"], await client.GetEphemeralsAsync(root + "/a"));
        await Assert.ThrowsAsync<NoNodeException>(() => client.GetChildrenAsync(root + "/missing"));
    }

    [Theory]
    [BothServerKinds]
    public async Task Sync_returns_the_path(ServerKind kind)
    {
        await using var client = await ConnectAsync(kind);
        var root = await TestClients.CreateTestRootAsync(client, "sync");

        Assert.Equal(root, await client.SyncAsync(root));
    }

    private async Task<ZooKeeperClient> ConnectAsync(ServerKind kind) =>
        await TestClients.ConnectAsync((await servers.GetAsync(kind)).ConnectString);
}
