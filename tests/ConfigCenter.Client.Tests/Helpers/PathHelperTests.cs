using ConfigCenter.Client.Helpers;
using ConfigCenter.Client.Tests.Support;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Client.Tests.Helpers;

[Collection(ClientCollection.Name)]
public sealed class PathHelperTests(SharedServers servers)
{
    [Theory]
    [BothServerKinds]
    public async Task EnsurePath_creates_missing_parents_and_is_idempotent(ServerKind kind)
    {
        await using var client = await TestClients.ConnectAsync((await servers.GetAsync(kind)).ConnectString);
        var root = await TestClients.CreateTestRootAsync(client, "ensure");

        await client.EnsurePathAsync(root + "/a/b/c");
        await client.EnsurePathAsync(root + "/a/b/c");
        await client.EnsurePathAsync(root + "/a/d");

        Assert.NotNull(await client.ExistsAsync(root + "/a/b/c"));
        Assert.Equal(["b", "d"], (await client.GetChildrenAsync(root + "/a")).Order(StringComparer.Ordinal));
    }

    [Theory]
    [BothServerKinds]
    public async Task DeleteRecursive_removes_a_subtree_and_tolerates_a_missing_one(ServerKind kind)
    {
        await using var client = await TestClients.ConnectAsync((await servers.GetAsync(kind)).ConnectString);
        var root = await TestClients.CreateTestRootAsync(client, "delete-tree");
        await client.EnsurePathAsync(root + "/a/b/c");
        await client.CreateAsync(root + "/a/b/e", null, Acl.OpenAclUnsafe, CreateMode.Ephemeral);
        await client.CreateAsync(root + "/keep", null, Acl.OpenAclUnsafe);

        await client.DeleteRecursiveAsync(root + "/a");
        await client.DeleteRecursiveAsync(root + "/a");

        Assert.Equal(["keep"], await client.GetChildrenAsync(root));
    }

    [Theory]
    [BothServerKinds]
    public async Task DeleteRecursive_of_the_chroot_root_empties_it(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        await using var rootClient = await TestClients.ConnectAsync(server.ConnectString);
        var chroot = await TestClients.CreateTestRootAsync(rootClient, "delete-chroot");
        await using var client = await TestClients.ConnectAsync(server.ConnectString + chroot);
        await client.EnsurePathAsync("/x/y");

        await client.DeleteRecursiveAsync("/");

        Assert.Empty(await client.GetChildrenAsync("/"));
        Assert.NotNull(await rootClient.ExistsAsync(chroot));
    }
}
