using ConfigCenter.Conformance.Tests.Support;
using ConfigCenter.Testing.Clients;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Conformance.Tests.KazooScenarios;

public sealed class CreateModeTests
{
    // Fast container/TTL sweeps so cleanup can be awaited within seconds (ZooKeeper's default is a minute).
    private static readonly ZkServerOptions QuickCleanup = new() { ContainerCheckIntervalMs = 200 };

    [Theory, BothServerKinds]
    public async Task Creates_persistent_ephemeral_and_sequential_nodes(ServerKind kind)
    {
        await using var server = await ZkServers.StartAsync(kind);
        var result = await Kazoo.RunAsync("create_modes.py", server.ConnectString);
        var session = result.Long("session_id");

        Assert.Equal("/persistent", result.Str("persistent"));
        Assert.Equal(0, result.Stat("persistent_stat").EphemeralOwner);
        Assert.Equal("/ephemeral", result.Str("ephemeral"));
        Assert.Equal(session, result.Stat("ephemeral_stat").EphemeralOwner);

        // Ten-digit zero-padded suffix taken from the parent's cversion: the plain create of /seq/plain used number 2.
        Assert.Equal(["/seq/abc0000000000", "/seq/abc0000000001", "/seq/abc0000000003"], result.Strings("sequential"));
        Assert.Equal("/seq/eph-0000000004", result.Str("ephemeral_sequential"));
        Assert.Equal(session, result.Stat("ephemeral_sequential_stat").EphemeralOwner);
        Assert.Equal(
            ["abc0000000000", "abc0000000001", "abc0000000003", "eph-0000000004", "plain"],
            result.Strings("seq_children"));

        Assert.Equal("/with-stat", result.Str("create2_path"));
        var created = result.Stat("create2_stat");
        Assert.Equal(5, created.DataLength);
        Assert.Equal(0, created.Version);
        Assert.Equal(created.Czxid, created.Mzxid);
        Assert.Equal(created.Czxid, created.Pzxid);
        Assert.Equal(created.Ctime, created.Mtime);
        Assert.True(result.Bool("create2_stat_matches_exists"), "create2's Stat differs from a later exists()");

        // The suffix counts child creations only. ZooKeeper stores that count and reports
        // cversion = 2 * creations - current children (creations + deletions): after one create and one
        // delete cversion is 2 but the next suffix is 1. At the root (one initial child, /zookeeper,
        // zero creations) cversion starts at -1; after the five creates above it reads 4 and the next suffix is 5.
        Assert.Equal(2, result.Long("gaps_cversion_before"));
        Assert.Equal("/gaps/s0000000001", result.Str("sequential_after_delete"));
        Assert.Equal(4, result.Long("root_cversion_before"));
        Assert.Equal("/root-seq-0000000005", result.Str("root_sequential"));
    }

    [Theory, BothServerKinds]
    public async Task Container_is_removed_after_its_last_child_is_deleted(ServerKind kind)
    {
        await using var server = await ZkServers.StartAsync(kind, QuickCleanup);
        var result = await Kazoo.RunAsync("container_nodes.py", server.ConnectString);

        Assert.Equal("/container", result.Str("path"));
        // Containers are not ephemeral: clients see ephemeralOwner 0 even though the server marks them internally.
        Assert.Equal(0, result.Stat("created_stat").EphemeralOwner);
        Assert.True(result.Bool("present_with_child"));
        Assert.True(result.Bool("removed_after_last_child"), "the emptied container was not removed within 15 s");
        Assert.True(result.Bool("never_used_still_present"), "a container that never had children must stay");
    }

    [Theory, BothServerKinds]
    public async Task Ttl_node_expires_and_bad_ttl_arguments_are_rejected(ServerKind kind)
    {
        await using var server = await ZkServers.StartAsync(kind, QuickCleanup);
        var result = await Kazoo.RunAsync("ttl_nodes.py", server.ConnectString);

        Assert.Equal("/ttl", result.Str("path"));
        Assert.Equal("/ttl-seq-0000000001", result.Str("sequential_path"));
        Assert.Equal(0, result.Stat("created_stat").EphemeralOwner);
        Assert.True(result.Bool("removed_after_ttl"), "TTL nodes were not removed within 15 s");
        Assert.True(result.Bool("long_lived_present"));
        Assert.Equal("BadArgumentsError", result.Str("zero_ttl"));
        Assert.Equal("BadArgumentsError", result.Str("negative_ttl"));
        Assert.Equal("BadArgumentsError", result.Str("ttl_with_persistent_flag"));
        Assert.Equal("BadArgumentsError", result.Str("ttl_with_ephemeral_flag"));
        Assert.Equal("BadArgumentsError", result.Str("ttl_with_container_flag"));
    }

    [Theory, BothServerKinds]
    public async Task Ttl_create_is_unimplemented_without_extended_types(ServerKind kind)
    {
        await using var server = await ZkServers.StartAsync(kind, new ZkServerOptions { ExtendedTypes = false });
        var result = await Kazoo.RunAsync("ttl_disabled.py", server.ConnectString);

        Assert.Equal("UnimplementedError", result.Str("create_ttl"));
        Assert.False(result.Bool("exists_after"));
    }
}
