using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.Raw;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Conformance.Tests.Durability;

/// <summary>The session table survives a restart, as in ZooKeeper: resumed in time it keeps its ephemerals, otherwise it expires.</summary>
[Collection(ServerProcessCollection.Name)]
public sealed class SessionRecoveryTests
{
    private const int SessionTimeoutMs = 4000;

    [Fact]
    public async Task A_session_resumed_within_its_timeout_after_kill_9_keeps_its_ephemerals()
    {
        await using var server = await ZkServers.StartAsync(ServerKind.ConfigCenter);
        var owner = await RawZkConnection.ConnectAsync(server.ClientPort, SessionTimeoutMs);
        Assert.Equal(ErrorCode.Ok, (await owner.SendAsync(OpCode.Create, new CreateRequest("/lease", null, Acl.OpenAclUnsafe, (int)CreateMode.Ephemeral))).Err);
        var session = owner.Session!;

        await server.KillAsync();
        await owner.DisposeAsync();
        await server.RestartAsync();

        await using var resumed = await RawZkConnection.OpenAsync(server.ClientPort);
        var response = await resumed.HandshakeAsync(new ConnectRequest(0, 0, SessionTimeoutMs, session.SessionId, session.Password, false));
        Assert.Equal(session.SessionId, response.SessionId);
        var stat = (await resumed.SendAsync(OpCode.Exists, new ExistsRequest("/lease", false))).BodyAs<StatResponse>().Stat;
        Assert.Equal(session.SessionId, stat.EphemeralOwner);
    }

    [Fact]
    public async Task A_session_nobody_resumes_after_a_restart_expires_and_its_ephemerals_go()
    {
        await using var server = await ZkServers.StartAsync(ServerKind.ConfigCenter);
        var owner = await RawZkConnection.ConnectAsync(server.ClientPort, SessionTimeoutMs);
        Assert.Equal(ErrorCode.Ok, (await owner.SendAsync(OpCode.Create, new CreateRequest("/lease", null, Acl.OpenAclUnsafe, (int)CreateMode.Ephemeral))).Err);

        await server.KillAsync();
        await owner.DisposeAsync();
        await server.RestartAsync();

        await using var watcher = await RawZkConnection.ConnectAsync(server.ClientPort, 30000);
        Assert.Equal(ErrorCode.Ok, (await watcher.SendAsync(OpCode.Exists, new ExistsRequest("/lease", true))).Err);
        var deleted = await watcher.NextEventAsync(TimeSpan.FromMilliseconds(SessionTimeoutMs * 3));
        Assert.Equal(new WatcherEvent(EventType.NodeDeleted, KeeperState.SyncConnected, "/lease"), deleted);
    }
}
