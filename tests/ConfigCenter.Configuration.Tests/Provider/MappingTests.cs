using System.Text;
using ConfigCenter.Configuration.Tests.Support;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.Servers;
using Microsoft.Extensions.Configuration;

namespace ConfigCenter.Configuration.Tests.Provider;

/// <summary>A real subtree as the application sees it.</summary>
[Collection(ConfigurationCollection.Name)]
public sealed class MappingTests(SharedServers servers)
{
    [Theory]
    [BothServerKinds]
    public async Task Znodes_become_keys_json_nodes_are_flattened_and_lookups_ignore_case(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        await using var zk = await ZkTestClients.ConnectAsync(server.ConnectString);
        var root = await ZkTestClients.CreateRootAsync(zk, "mapping");
        await zk.CreateAsync($"{root}/ConnectionStrings", null, Acl.OpenAclUnsafe, CreateMode.Persistent);
        await zk.CreateAsync($"{root}/ConnectionStrings/Orders", "Host=db;Database=orders"u8.ToArray(), Acl.OpenAclUnsafe, CreateMode.Persistent);
        await zk.CreateAsync($"{root}/Features", """{"Search": true, "Limits": [10, 20]}"""u8.ToArray(), Acl.OpenAclUnsafe, CreateMode.Persistent);
        await zk.CreateAsync($"{root}/Greeting", Encoding.UTF8.GetBytes("héllo wörld"), Acl.OpenAclUnsafe, CreateMode.Persistent);

        await using var app = ConfigurationUnderTest.Build(server.ConnectString, root);

        Assert.Equal("Host=db;Database=orders", app["ConnectionStrings:Orders"]);
        Assert.Equal("Host=db;Database=orders", app.Root.GetConnectionString("orders"));
        Assert.Equal("True", app["features:search"]);
        Assert.Equal(["10", "20"], app.Root.GetSection("Features:Limits").GetChildren().Select(child => child.Value));
        Assert.Equal("héllo wörld", app["GREETING"]);
        Assert.Null(app["ConnectionStrings"]); // an empty node is only a folder
        Assert.Equal(
            ["ConnectionStrings:Orders", "Features:Limits:0", "Features:Limits:1", "Features:Search", "Greeting"],
            app.Root.AsEnumerable(makePathsRelative: false).Where(pair => pair.Value is not null).Select(pair => pair.Key).Order(StringComparer.Ordinal));
    }

    [Theory]
    [BothServerKinds]
    public async Task A_missing_root_is_empty_until_it_is_created(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        await using var zk = await ZkTestClients.ConnectAsync(server.ConnectString);
        var root = ZkTestClients.NewRootPath("missing");

        await using var app = ConfigurationUnderTest.Build(server.ConnectString, root);
        Assert.Empty(app.Root.AsEnumerable());

        await zk.CreateAsync(root, """{"Late": "arrival"}"""u8.ToArray(), Acl.OpenAclUnsafe, CreateMode.Persistent);
        await app.WaitForValueAsync("Late", "arrival");
    }
}
