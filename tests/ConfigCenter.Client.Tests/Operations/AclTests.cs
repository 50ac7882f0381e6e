using System.Text;
using ConfigCenter.Client.Exceptions;
using ConfigCenter.Client.Tests.Support;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Client.Tests.Operations;

[Collection(ClientCollection.Name)]
public sealed class AclTests(SharedServers servers)
{
    [Theory]
    [BothServerKinds]
    public async Task GetAcl_and_SetAcl_with_versions(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        await using var client = await TestClients.ConnectAsync(server.ConnectString);
        var root = await TestClients.CreateTestRootAsync(client, "acl");

        var (acl, stat) = await client.GetAclAsync(root);
        Assert.Equal(Acl.OpenAclUnsafe, acl);
        Assert.Equal(0, stat.Aversion);

        IReadOnlyList<Acl> readAndAdmin = [new Acl(Perms.Read | Perms.Admin, Id.Anyone)];
        var updated = await client.SetAclAsync(root, readAndAdmin, version: 0);
        Assert.Equal(1, updated.Aversion);
        Assert.Equal(readAndAdmin, (await client.GetAclAsync(root)).Acl);
        await Assert.ThrowsAsync<BadVersionException>(() => client.SetAclAsync(root, Acl.OpenAclUnsafe, version: 0));
        await Assert.ThrowsAsync<NoAuthException>(() => client.SetDataAsync(root, [1]));
    }

    [Theory]
    [BothServerKinds]
    public async Task Digest_credentials_from_AddAuth_or_options_open_creator_only_nodes(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        await using var alice = await TestClients.ConnectAsync(server.ConnectString);
        var root = await TestClients.CreateTestRootAsync(alice, "digest");
        await alice.AddAuthAsync("digest", Encoding.UTF8.GetBytes("alice:secret"));
        await alice.CreateAsync(root + "/private", [7], Acl.CreatorAllAcl);

        await using var anonymous = await TestClients.ConnectAsync(server.ConnectString);
        await Assert.ThrowsAsync<NoAuthException>(() => anonymous.GetDataAsync(root + "/private"));

        await using var aliceAgain = await TestClients.ConnectAsync(server.ConnectString, o => o.AuthInfo.Add(AuthInfo.Digest("alice", "secret")));
        Assert.Equal([7], (await aliceAgain.GetDataAsync(root + "/private")).Data);

        var identities = await aliceAgain.WhoAmIAsync();
        Assert.Contains(identities, info => info is { AuthScheme: "digest", User: "alice" });
        Assert.Contains(identities, info => info.AuthScheme == "ip");
    }

    [Theory]
    [BothServerKinds]
    public async Task CreatorAllAcl_without_credentials_is_InvalidAcl(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        await using var client = await TestClients.ConnectAsync(server.ConnectString);
        var root = await TestClients.CreateTestRootAsync(client, "creator");

        await Assert.ThrowsAsync<InvalidAclException>(() => client.CreateAsync(root + "/x", null, Acl.CreatorAllAcl));
    }
}
