using ConfigCenter.Conformance.Tests.Support;
using ConfigCenter.Testing.Clients;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Conformance.Tests.ZkCliScenarios;

public sealed class AclAndSessionCommandTests
{
    [Theory, BothServerKinds]
    public async Task Digest_acl_set_and_read_back_and_other_sessions_are_refused(ServerKind kind)
    {
        await using var server = await ZkServers.StartAsync(kind);
        await using var owner = await ZkCli.StartSessionAsync(server.ConnectString);
        await using var stranger = await ZkCli.StartSessionAsync(server.ConnectString);

        Assert.Empty(await owner.ExecuteAsync("addauth digest user:secret"));
        Assert.Equal(["Created /sec"], await owner.ExecuteAsync("create /sec \"x\" auth::cdrwa"));
        // The "auth" ACL is stored as the session's digest identity.
        Assert.Equal(["'digest,'user:5w9W4eL3797Y4Wq8AcKUPPk8ha4=", ": cdrwa"], await owner.ExecuteAsync("getAcl /sec"));
        Assert.Equal(["x"], await owner.ExecuteAsync("get /sec"));
        // whoami (opcode 107) lists every identity of the session: the ip it connected from and the digest user.
        Assert.Equal(["Auth scheme: User", "ip: 127.0.0.1", "digest: user"], await owner.ExecuteAsync("whoami"));

        Assert.Equal(["Insufficient permission : /sec"], await stranger.ExecuteAsync("get /sec"));
        Assert.Equal(["Auth scheme: User", "ip: 127.0.0.1"], await stranger.ExecuteAsync("whoami"));

        Assert.Equal(["Created /pub"], await owner.ExecuteAsync("create /pub \"y\" world:anyone:r"));
        Assert.Equal(["'world,'anyone", ": r"], await owner.ExecuteAsync("getAcl /pub"));
        Assert.Equal(["Insufficient permission : /pub"], await stranger.ExecuteAsync("set /pub \"z\""));
        Assert.Equal(["Insufficient permission : /pub"], await owner.ExecuteAsync("setAcl /pub world:anyone:rw"));
        // Deleting a child needs DELETE on the parent; that is checked before whether the child exists.
        Assert.Equal(["Insufficient permission : /pub/missing"], await stranger.ExecuteAsync("delete /pub/missing"));
        Assert.Equal(["y"], await stranger.ExecuteAsync("get /pub"));
    }

    [Theory, BothServerKinds]
    public async Task Sync_version_errors_and_extended_create_modes_print_as_zkcli_expects(ServerKind kind)
    {
        await using var server = await ZkServers.StartAsync(kind);
        await using var cli = await ZkCli.StartSessionAsync(server.ConnectString);

        Assert.Equal(["Sync is OK"], await cli.ExecuteAsync("sync /"));
        Assert.Equal(["Node does not exist: /missing"], await cli.ExecuteAsync("stat /missing"));
        Assert.Equal(["Node does not exist: /a/b"], await cli.ExecuteAsync("create /a/b"));
        Assert.Equal(["Created /node"], await cli.ExecuteAsync("create /node \"v\""));
        Assert.Equal(["Node already exists: /node"], await cli.ExecuteAsync("create /node"));
        Assert.Equal(["version No is not valid : /node"], await cli.ExecuteAsync("set -v 7 /node \"q\""));
        Assert.Equal(["Created /node/child"], await cli.ExecuteAsync("create /node/child"));
        Assert.Equal(["Node not empty: /node"], await cli.ExecuteAsync("delete /node"));

        // TTL (extendedTypesEnabled is on by default in the harness) and container nodes.
        Assert.Equal(["Created /ttl"], await cli.ExecuteAsync("create -t 60000 /ttl \"t\""));
        Assert.Equal(["Created /container"], await cli.ExecuteAsync("create -c /container"));
        Assert.Contains("ephemeralOwner = 0x0", await cli.ExecuteAsync("stat /ttl"));
        Assert.Equal(["[container, node, ttl, zookeeper]"], await cli.ExecuteAsync("ls /"));
        Assert.Equal(["[]"], await cli.ExecuteAsync("getEphemerals /"));
        Assert.Equal(0, await cli.QuitAsync());
    }
}
