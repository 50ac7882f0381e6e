using ConfigCenter.Conformance.Tests.Support;
using ConfigCenter.Testing.Clients;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Conformance.Tests.KazooScenarios;

public sealed class DataAndStatTests
{
    [Theory, BothServerKinds]
    public async Task Get_set_delete_follow_versions_and_move_stat_fields(ServerKind kind)
    {
        await using var server = await ZkServers.StartAsync(kind);
        var result = await Kazoo.RunAsync("data_and_stat.py", server.ConnectString);

        var created = result.At("created");
        Assert.Equal("one", created.Str("data"));
        var initial = created.Stat("stat");
        Assert.Equal((0, 0, 0, 0L, 3, 0), (initial.Version, initial.Cversion, initial.Aversion, initial.EphemeralOwner, initial.DataLength, initial.NumChildren));
        Assert.Equal(initial.Czxid, initial.Mzxid);
        Assert.Equal(initial.Czxid, initial.Pzxid);
        Assert.Equal(initial.Ctime, initial.Mtime);

        // set bumps version and mzxid, keeps czxid/ctime/cversion/pzxid.
        var afterFirstSet = result.Stat("set_v0");
        Assert.Equal(1, afterFirstSet.Version);
        Assert.Equal(4, afterFirstSet.DataLength);
        Assert.True(afterFirstSet.Mzxid > initial.Mzxid);
        Assert.Equal((initial.Czxid, initial.Ctime, 0, initial.Pzxid), (afterFirstSet.Czxid, afterFirstSet.Ctime, afterFirstSet.Cversion, afterFirstSet.Pzxid));
        Assert.True(afterFirstSet.Mtime >= initial.Mtime);

        Assert.Equal("BadVersionError", result.Str("set_stale_version"));
        Assert.Equal(2, result.Stat("set_any_version").Version);
        Assert.Equal("three", result.At("after_sets").Str("data"));
        Assert.Equal(result.Stat("set_any_version"), result.At("after_sets").Stat("stat"));

        // Children move cversion, numChildren and pzxid, never version or mzxid.
        var withChildren = result.Stat("after_two_children");
        Assert.Equal((2, 2, 2), (withChildren.Cversion, withChildren.NumChildren, withChildren.Version));
        Assert.Equal(result.Stat("child_b").Czxid, withChildren.Pzxid);
        Assert.Equal(result.Stat("set_any_version").Mzxid, withChildren.Mzxid);

        var afterChildDelete = result.Stat("after_child_delete");
        Assert.Equal((3, 1), (afterChildDelete.Cversion, afterChildDelete.NumChildren));
        Assert.True(afterChildDelete.Pzxid > withChildren.Pzxid, "deleting a child moves pzxid");
        Assert.Equal(["b"], result.Strings("children"));
        Assert.Equal(afterChildDelete, result.Stat("children2_stat"));

        var empty = result.At("empty");
        Assert.Equal(0, empty.Long("data_length"));
        Assert.Equal(0, empty.Stat("stat").DataLength);

        Assert.Equal("BadVersionError", result.Str("delete_stale_version"));
        Assert.Equal("ok", result.Str("delete_current_version"));
        Assert.True(result.IsNull("exists_deleted"));
        Assert.Equal(["empty", "node", "zookeeper"], result.Strings("root_children"));
    }
}
