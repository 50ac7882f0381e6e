using ConfigCenter.Conformance.Tests.Support;
using ConfigCenter.Testing.Clients;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Conformance.Tests.KazooScenarios;

public sealed class SessionTests
{
    [Theory, BothServerKinds]
    public async Task Ephemerals_vanish_when_their_session_closes(ServerKind kind)
    {
        await using var server = await ZkServers.StartAsync(kind);
        var result = await Kazoo.RunAsync("ephemeral_lifecycle.py", server.ConnectString);

        Assert.Equal(result.Long("owner_session"), result.Long("owner_in_stat"));
        Assert.Equal([WatchEvent.Connected("DELETED", "/master")], result.Events("deleted_event"));
        Assert.Equal([WatchEvent.Connected("CHILD", "/")], result.Events("root_child_event"));
        Assert.True(result.Bool("master_gone"));
        Assert.True(result.Bool("sequential_gone"));
        Assert.Equal(["zookeeper"], result.Strings("root_children"));
    }

    [Theory, BothServerKinds]
    public async Task Ephemerals_of_a_crashed_client_vanish_when_its_session_expires(ServerKind kind)
    {
        // tickTime 200 ms allows sessions down to 400 ms; the crashing client asks for 1 s.
        await using var server = await ZkServers.StartAsync(kind, new ZkServerOptions { TickTimeMs = 200 });
        var result = await Kazoo.RunAsync("session_expiry.py", server.ConnectString);

        Assert.Equal(result.Long("owner_session"), result.Long("owner_in_stat"));
        Assert.True(result.Bool("present_after_crash"), "the ephemeral must outlive its owner's process until the session expires");
        Assert.Equal([WatchEvent.Connected("DELETED", "/crashed")], result.Events("deleted_event"));
        Assert.True(result.Bool("gone"));
        Assert.InRange(result.At("seconds_until_deleted").GetDouble(), 0.5, 10.0);
    }
}
