using ConfigCenter.Conformance.Tests.Support;
using ConfigCenter.Testing.Clients;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Conformance.Tests.KazooScenarios;

public sealed class SystemNodeTests
{
    [Theory, BothServerKinds]
    public async Task Fresh_server_has_the_zookeeper_subtree_and_answers_sync(ServerKind kind)
    {
        await using var server = await ZkServers.StartAsync(kind);
        var result = await Kazoo.RunAsync("system_nodes.py", server.ConnectString);

        Assert.Equal(["zookeeper"], result.Strings("root_children"));
        Assert.Equal(0, result.Long("root_data_length"));
        var root = result.Stat("root_stat");
        Assert.Equal((0L, 0L, 0L, 0, 1), (root.Czxid, root.Mzxid, root.EphemeralOwner, root.Version, root.NumChildren));
        // Reported cversion = 2 * child creations - current children; the built-in children were never "created".
        Assert.Equal(-1, root.Cversion);

        // A standalone 3.8 server also has /zookeeper/config (empty while reconfig is disabled).
        Assert.Equal(["config", "quota"], result.Strings("zookeeper_children"));
        var zookeeper = result.Stat("zookeeper_stat");
        Assert.Equal((0L, 0L, 2, -2), (zookeeper.Czxid, zookeeper.Mzxid, zookeeper.NumChildren, zookeeper.Cversion));
        Assert.True(result.Bool("quota_exists"));
        Assert.Equal(0, result.Long("quota_data_length"));

        Assert.Equal("/", result.Str("sync_root"));
        Assert.Equal("/synced", result.Str("sync_node"));
        // sync does not check that the path exists.
        Assert.Equal("/does-not-exist", result.Str("sync_missing"));
    }
}
