using ConfigCenter.Conformance.Tests.Support;
using ConfigCenter.Testing.Clients;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Conformance.Tests.KazooScenarios;

public sealed class ErrorCodeTests
{
    [Theory, BothServerKinds]
    public async Task Common_mistakes_get_the_zookeeper_error_codes(ServerKind kind)
    {
        await using var server = await ZkServers.StartAsync(kind);
        var result = await Kazoo.RunAsync("errors.py", server.ConnectString);

        Assert.Equal("NodeExistsError", result.Str("create_existing"));
        Assert.Equal("NoNodeError", result.Str("create_without_parent"));
        Assert.Equal("NoChildrenForEphemeralsError", result.Str("create_under_ephemeral"));
        // Malformed paths. ZooKeeper takes everything before the last '/' as the parent and looks it up
        // before validating the whole path, so a missing parent ("/exists/", "/exists/child") wins: NoNode.
        Assert.Equal("NoNodeError", result.Str("create_double_slash"));
        Assert.Equal("NoNodeError", result.Str("create_trailing_slash_missing_parent"));
        Assert.Equal("BadArgumentsError", result.Str("create_trailing_slash"));
        Assert.Equal("BadArgumentsError", result.Str("create_dot_segment"));
        Assert.Equal("BadArgumentsError", result.Str("create_dot_dot_segment"));
        Assert.Equal("BadArgumentsError", result.Str("create_nul_char"));
        Assert.Equal("BadArgumentsError", result.Str("create_relative"));
        // kazoo writes "" as a null string (length -1). ZooKeeper fails on the null path with an internal
        // exception, which reaches the client as MarshallingError.
        Assert.Equal("MarshallingError", result.Str("create_null_path"));
        Assert.Equal("NoNodeError", result.Str("delete_missing"));
        Assert.Equal("NotEmptyError", result.Str("delete_not_empty"));
        Assert.Equal("BadArgumentsError", result.Str("delete_root"));
        Assert.Equal("BadArgumentsError", result.Str("delete_zookeeper"));
        Assert.Equal("NoNodeError", result.Str("get_missing"));
        Assert.Equal("NoNodeError", result.Str("set_missing"));
        Assert.Equal("NoNodeError", result.Str("children_missing"));
        Assert.True(result.Bool("exists_missing"));
        Assert.True(result.Bool("parent_still_there"));
    }
}
