using System.Text;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.ClientHarness;
using ConfigCenter.Testing.Raw;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Conformance.Tests.Ensemble;

/// <summary>
/// What a follower relies on the leader for: deciding that one of its clients' sessions expired, and a
/// snapshot when the follower is further behind than the leader's log reaches.
/// </summary>
[Collection(ServerProcessCollection.Name)]
public sealed class LearnerTests
{
    private static readonly TimeSpan Election = TimeSpan.FromSeconds(60);
    private static readonly IReadOnlyList<Acl> Open = Acl.OpenAclUnsafe;

    [Theory]
    [InlineData(ServerKind.ConfigCenter)]
    [InlineData(ServerKind.ApacheZooKeeper)]
    public async Task A_session_abandoned_on_a_follower_is_expired_by_the_leader_everywhere(ServerKind kind)
    {
        await using var ensemble = await ZkEnsemble.StartAsync(kind, voters: 3);
        var leader = await ensemble.WaitForLeaderAsync(Election);
        var follower = ensemble.Members.First(m => m != leader);
        await using var watcher = await TestClients.ConnectAsync(leader.ConnectString);

        // The raw connection never sends closeSession: dropping it leaves only expiry to end the session.
        var abandoned = await RawZkConnection.ConnectAsync(follower.ClientPort, sessionTimeoutMs: 1_000);
        var session = abandoned.Session!;
        var created = await abandoned.SendAsync(OpCode.Create, new CreateRequest("/abandoned", [], Open, (int)CreateMode.Ephemeral));
        Assert.Equal(ErrorCode.Ok, created.Err);
        await watcher.SyncAsync("/abandoned");
        var events = new EventCollector();
        Assert.NotNull(await watcher.ExistsAsync("/abandoned", events));
        await abandoned.DisposeAsync();

        await events.NextAsync(EventType.NodeDeleted, "/abandoned");
        foreach (var member in ensemble.Members)
        {
            await using var reader = await TestClients.ConnectAsync(member.ConnectString);
            await reader.SyncAsync("/");
            Assert.Null(await reader.ExistsAsync("/abandoned"));
        }
        // The follower knows the session is gone too: resuming it is refused as expired (timeout 0).
        await using var resume = await RawZkConnection.OpenAsync(follower.ClientPort);
        var answer = await resume.HandshakeAsync(new ConnectRequest(0, created.Zxid, 1_000, session.SessionId, session.Password, false));
        Assert.Equal(0, answer.Timeout);
    }

    [Theory]
    [InlineData(ServerKind.ConfigCenter)]
    [InlineData(ServerKind.ApacheZooKeeper)]
    public async Task A_follower_behind_the_leaders_snapshots_catches_up_and_recovers_from_what_it_was_sent(ServerKind kind)
    {
        // A small snapCount makes the leader snapshot (and trim the history it can send as a DIFF) often.
        var options = new ZkServerOptions { TickTimeMs = 200, ExtraConfig = new Dictionary<string, string> { ["snapCount"] = "20" } };
        await using var ensemble = await ZkEnsemble.StartAsync(kind, voters: 3, options: options);
        var leader = await ensemble.WaitForLeaderAsync(Election);
        var behind = ensemble.Members.First(m => m != leader);
        await using var client = await TestClients.ConnectAsync(leader.ConnectString);
        await client.CreateAsync("/snap", null, Open);
        for (var i = 0; i < 20; i++) await client.CreateAsync($"/snap/early{i:D3}", null, Open);

        await behind.KillAsync();
        for (var i = 0; i < 200; i++) await client.CreateAsync($"/snap/late{i:D3}", Encoding.UTF8.GetBytes($"v{i}"), Open);
        await client.DeleteAsync("/snap/early000");
        await behind.StartAsync();
        await AssertCaughtUpAsync(behind, expectedChildren: 219);
        if (kind == ServerKind.ConfigCenter)
        {
            Assert.Contains("Installed the leader's snapshot", File.ReadAllText(behind.LogFilePath), StringComparison.Ordinal);
        }

        // What the follower was sent is durable: after a crash it recovers it and takes the rest.
        await client.CreateAsync("/snap/after-snap", null, Open);
        await behind.KillAsync();
        await client.CreateAsync("/snap/while-down", null, Open);
        await behind.StartAsync();
        await AssertCaughtUpAsync(behind, expectedChildren: 221);
    }

    private static async Task AssertCaughtUpAsync(ZkEnsembleMember member, int expectedChildren)
    {
        await member.WaitUntilServingAsync();
        await using var reader = await TestClients.ConnectAsync(member.ConnectString);
        await reader.SyncAsync("/snap");
        var children = await reader.GetChildrenAsync("/snap");
        Assert.Equal(expectedChildren, children.Count);
        Assert.DoesNotContain("early000", children);
        Assert.Equal("v199", Encoding.UTF8.GetString((await reader.GetDataAsync("/snap/late199")).Data));
    }
}
