using ConfigCenter.Conformance.Tests.Support;
using ConfigCenter.Testing.Clients;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Conformance.Tests.KazooScenarios;

public sealed class WatchTests
{
    [Theory, BothServerKinds]
    public async Task Watches_fire_once_with_the_right_type_and_in_order(ServerKind kind)
    {
        await using var server = await ZkServers.StartAsync(kind);
        var result = await Kazoo.RunAsync("watches.py", server.ConnectString);

        // One CHANGED although /w was set twice, then the marker: data watches are one-shot.
        Assert.Equal([Ev("CHANGED", "/w"), Ev("CREATED", "/marker")], result.Events("data_watch"));
        Assert.Equal([Ev("CHILD", "/w")], result.Events("child_watch"));
        // Deleting /w/c1 fires the data watch on the child and the child watch on the parent.
        Assert.Equal([Ev("DELETED", "/w/c1"), Ev("CHILD", "/w")], result.Events("delete_watches"));
        Assert.Equal([Ev("CREATED", "/later"), Ev("DELETED", "/later")], result.Events("exists_watch"));
        Assert.Equal([Ev("CHANGED", "/o3"), Ev("CHANGED", "/o1"), Ev("DELETED", "/o2")], result.Events("order"));
        Assert.Equal([Ev("CHANGED", "/w")], result.Events("own_change"));
    }

    private static WatchEvent Ev(string type, string path) => WatchEvent.Connected(type, path);
}
