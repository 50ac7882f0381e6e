using ConfigCenter.Client.Recipes.Leader;
using ConfigCenter.Client.Recipes.Tests.Support;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Client.Recipes.Tests.Leader;

[Collection(RecipeCollection.Name)]
public sealed class LeaderLatchTests(SharedServers servers)
{
    [Theory]
    [BothServerKinds]
    public async Task Exactly_one_candidate_leads_and_closing_the_leader_elects_the_next(ServerKind kind)
    {
        await using var set = await ClientSet.StartAsync(servers, kind, "latch-one");
        var path = set.PathOf("election");
        var clients = await set.ConnectManyAsync(4);
        var latches = clients.Select((client, i) => new LeaderLatch(client, path, new LeaderElectionOptions { Id = $"candidate-{i}" })).ToList();
        foreach (var latch in latches) await latch.StartAsync();

        var order = new List<string>();
        while (latches.Count > 0)
        {
            var leader = await WhoLeadsAsync(latches);
            Assert.Single(latches, latch => latch.HasLeadership);
            Assert.Equal(leader.Id, (await leader.GetLeaderAsync())!.Id);
            Assert.Equal(latches.Count, (await leader.GetParticipantsAsync()).Count);
            order.Add(leader.Id);
            latches.Remove(leader);
            await leader.DisposeAsync();
            Assert.False(leader.HasLeadership);
        }
        // Candidates lead in the order they joined.
        Assert.Equal(["candidate-0", "candidate-1", "candidate-2", "candidate-3"], order);
        Assert.Empty(await set.Observer.GetChildrenAsync(path));
    }

    [Theory]
    [BothServerKinds]
    public async Task A_leader_whose_session_expires_steps_down_another_is_elected_and_it_rejoins_at_the_back(ServerKind kind)
    {
        await using var set = await ClientSet.StartAsync(servers, kind, "latch-expiry");
        var path = set.PathOf("election");
        var (leaderClient, proxy) = await set.ConnectThroughProxyAsync(o => o.RebuildSessionOnExpiry = true);
        await using var leader = new LeaderLatch(leaderClient, path, new LeaderElectionOptions { Id = "first" });
        var changes = new EventLog<string>();
        leader.LeadershipAcquired += (_, _) => changes.Add("acquired");
        leader.LeadershipLost += (_, _) => changes.Add("lost");
        await leader.StartAsync();
        Assert.True(await leader.AwaitLeadershipAsync(TestTimeouts.Event));
        var others = new List<LeaderLatch>();
        foreach (var client in await set.ConnectManyAsync(2))
        {
            var latch = new LeaderLatch(client, path);
            await latch.StartAsync();
            others.Add(latch);
        }
        Assert.Equal("acquired", await changes.NextAsync());

        await SessionExpiry.ExpireAsync(set, leaderClient, proxy);

        var successor = await WhoLeadsAsync(others);
        Assert.Equal("lost", await changes.NextAsync());
        Assert.False(leader.HasLeadership);
        Assert.Single(others, latch => latch.HasLeadership);
        // The rebuilt session queues a new node, behind the others.
        var participants = await ChildrenWait.CountAsync(set.Observer, path, 3);
        var queue = await successor.GetParticipantsAsync();
        Assert.Equal("first", queue[^1].Id);
        Assert.Equal(leader.NodePath, queue[^1].NodePath);
        Assert.Empty(changes.TakeBuffered());
        foreach (var latch in others) await latch.DisposeAsync();
    }

    [Theory]
    [BothServerKinds]
    public async Task With_the_suspension_policy_a_leader_steps_down_on_a_blip_and_is_reelected_after_it(ServerKind kind)
    {
        await using var set = await ClientSet.StartAsync(servers, kind, "latch-suspension");
        var (client, proxy) = await set.ConnectThroughProxyAsync();
        using var states = new StateRecorder(client);
        await using var latch = new LeaderLatch(client, set.PathOf("election"), new LeaderElectionOptions { LossPolicy = LeadershipLossPolicy.OnSuspension });
        var changes = new EventLog<string>();
        latch.LeadershipAcquired += (_, _) => changes.Add("acquired");
        latch.LeadershipLost += (_, _) => changes.Add("lost");
        await latch.StartAsync();
        Assert.Equal("acquired", await changes.NextAsync());

        proxy.ResetConnections();

        Assert.Equal("lost", await changes.NextAsync());
        Assert.Equal("acquired", await changes.NextAsync()); // still first in line after the reconnect
        Assert.True(latch.HasLeadership);
    }

    private static async Task<LeaderLatch> WhoLeadsAsync(IReadOnlyList<LeaderLatch> latches)
    {
        var waits = latches.Select(async latch =>
        {
            await latch.AwaitLeadershipAsync();
            return latch;
        });
        return await (await Task.WhenAny(waits)).WaitAsync(TestTimeouts.Event);
    }
}
