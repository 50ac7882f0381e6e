using ConfigCenter.Testing.Network;
using ConfigCenter.Client.Helpers;
using ConfigCenter.Client.Tests.Support;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Client.Tests.Helpers;

[Collection(ClientCollection.Name)]
public sealed class ProtectedCreateTests(SharedServers servers)
{
    [Theory]
    [BothServerKinds]
    public async Task A_protected_node_is_named_like_Curators(ServerKind kind)
    {
        await using var client = await TestClients.ConnectAsync((await servers.GetAsync(kind)).ConnectString);
        var root = await TestClients.CreateTestRootAsync(client, "protected");

        var path = await client.CreateProtectedSequentialAsync(root + "/lock-", [1], Acl.OpenAclUnsafe);

        var name = ZkPath.Name(path);
        Assert.Matches("^_c_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-lock-0000000000$", name);
        Assert.True(ProtectedCreate.IsProtected(name));
        Assert.Equal("lock-0000000000", ProtectedCreate.StripProtectedPrefix(name));
        Assert.Equal(client.SessionId, (await client.ExistsAsync(path))!.Value.EphemeralOwner);
    }

    [Theory]
    [BothServerKinds]
    public async Task A_create_whose_reply_was_lost_is_found_instead_of_created_twice(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        await using var observer = await TestClients.ConnectAsync(server.ConnectString);
        var root = await TestClients.CreateTestRootAsync(observer, "protected-loss");
        var created = await NodeCreationCounter.StartAsync(observer, root);
        await using var proxy = TcpProxy.Start(server.ClientPort);
        await using var client = await TestClients.ConnectAsync(proxy.ConnectString, o =>
            o.RetryPolicy = new RetryPolicy(3, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50)));

        proxy.StallReplies();
        var create = client.CreateProtectedSequentialAsync(root + "/lock-", null, Acl.OpenAclUnsafe);
        var onServer = await created.WaitForAsync(1); // created, but the reply is held
        proxy.ResetConnections();
        proxy.Resume();

        var path = await create;
        Assert.Equal(onServer[0], path);
        Assert.Single(await observer.GetChildrenAsync(root));
        Assert.Equal(client.SessionId, (await observer.ExistsAsync(path))!.Value.EphemeralOwner);
    }

    [Fact]
    public async Task Only_sequential_modes_are_protected()
    {
        var client = new ZooKeeperClient(new ZooKeeperClientOptions { ConnectString = "127.0.0.1:1" });
        await using (client)
        {
            await Assert.ThrowsAsync<ArgumentException>(() => client.CreateProtectedSequentialAsync("/a", null, Acl.OpenAclUnsafe, CreateMode.Persistent));
        }
    }
}
