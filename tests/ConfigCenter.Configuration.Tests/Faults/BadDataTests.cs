using ConfigCenter.Client;
using ConfigCenter.Configuration.Tests.Support;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.Servers;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Configuration.Tests.Faults;

/// <summary>Data the provider cannot use leaves the last good values in place and logs an error naming the node.</summary>
[Collection(ConfigurationCollection.Name)]
public sealed class BadDataTests(SharedServers servers)
{
    [Theory]
    [BothServerKinds]
    public async Task Invalid_json_keeps_the_last_good_values_while_other_changes_apply(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        await using var zk = await ZkTestClients.ConnectAsync(server.ConnectString);
        var root = await ZkTestClients.CreateRootAsync(zk, "bad-json");
        await zk.CreateAsync($"{root}/Db", """{"Host": "db1", "Port": 5432}"""u8.ToArray(), Acl.OpenAclUnsafe, CreateMode.Persistent);
        await zk.CreateAsync($"{root}/Other", "1"u8.ToArray(), Acl.OpenAclUnsafe, CreateMode.Persistent);
        await using var app = ConfigurationUnderTest.Build(server.ConnectString, root);

        await zk.Transaction()
            .SetData($"{root}/Db", """{"Host": "db2", """u8.ToArray())
            .SetData($"{root}/Other", "2"u8.ToArray())
            .CommitAsync();

        await app.WaitForValueAsync("Other", "2");
        await app.Logs.WaitForAsync(LogLevel.Error, $"{root}/Db");
        Assert.Equal(("db1", "5432"), (app["Db:Host"], app["Db:Port"]));

        await zk.SetDataAsync($"{root}/Db", """{"Host": "db3"}"""u8.ToArray());
        await app.WaitUntilAsync(c => c["Db:Host"] == "db3" && c["Db:Port"] is null, "the repaired document");
    }

    [Theory]
    [BothServerKinds]
    public async Task An_unreadable_node_is_logged_and_skipped_and_credentials_make_it_readable(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        await using var zk = await ZkTestClients.ConnectAsync(server.ConnectString);
        var root = await ZkTestClients.CreateRootAsync(zk, "no-auth");
        await zk.AddAuthAsync("digest", "admin:secret"u8.ToArray());
        await zk.CreateAsync($"{root}/Secret", "hidden"u8.ToArray(), Acl.CreatorAllAcl, CreateMode.Persistent);
        await zk.CreateAsync($"{root}/Public", "visible"u8.ToArray(), Acl.OpenAclUnsafe, CreateMode.Persistent);

        await using (var anonymous = ConfigurationUnderTest.Build(server.ConnectString, root))
        {
            Assert.Equal("visible", anonymous["Public"]);
            Assert.Null(anonymous["Secret"]);
            await anonymous.Logs.WaitForAsync(LogLevel.Error, $"{root}/Secret");
        }

        await using var authorized = ConfigurationUnderTest.Build(server.ConnectString, root, options => options.AuthInfo.Add(AuthInfo.Digest("admin", "secret")));
        Assert.Equal("hidden", authorized["Secret"]);
    }
}
