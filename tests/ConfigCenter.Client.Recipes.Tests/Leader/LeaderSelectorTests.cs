using ConfigCenter.Client.Recipes.Leader;
using ConfigCenter.Client.Recipes.Tests.Support;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Client.Recipes.Tests.Leader;

[Collection(RecipeCollection.Name)]
public sealed class LeaderSelectorTests(SharedServers servers)
{
    [Theory]
    [BothServerKinds]
    public async Task One_leader_at_a_time_and_requeued_candidates_take_turns(ServerKind kind)
    {
        await using var set = await ClientSet.StartAsync(servers, kind, "selector-turns");
        var path = set.PathOf("election");
        var leading = 0;
        var terms = new EventLog<string>();
        var overlaps = new EventLog<int>();
        var enoughTerms = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var selectors = new List<LeaderSelector>();
        foreach (var (client, i) in (await set.ConnectManyAsync(3)).Select((client, i) => (client, i)))
        {
            var id = $"candidate-{i}";
            selectors.Add(new LeaderSelector(client, path, async token =>
            {
                var now = Interlocked.Increment(ref leading);
                if (now != 1) overlaps.Add(now);
                await Task.Yield();
                Interlocked.Decrement(ref leading);
                terms.Add(id);
                // Requeued candidates queue behind the others, so every candidate keeps getting turns.
                if (terms.All.CountBy(term => term).Count(entry => entry.Value >= 2) == 3) enoughTerms.TrySetResult();
            }, new LeaderSelectorOptions { Id = id, AutoRequeue = true }));
        }

        foreach (var selector in selectors) selector.Start();
        await enoughTerms.Task.WaitAsync(TestTimeouts.Event);
        foreach (var selector in selectors) await selector.DisposeAsync();

        Assert.Empty(overlaps.All);
        Assert.Empty(await set.Observer.GetChildrenAsync(path));
    }

    [Theory]
    [BothServerKinds]
    public async Task A_leader_that_loses_its_session_is_cancelled_and_another_takes_over(ServerKind kind)
    {
        await using var set = await ClientSet.StartAsync(servers, kind, "selector-expiry");
        var path = set.PathOf("election");
        var (leaderClient, proxy) = await set.ConnectThroughProxyAsync();
        var log = new EventLog<string>();

        Func<CancellationToken, Task> Lead(string id) => async token =>
        {
            log.Add($"{id} leads");
            try
            {
                await Task.Delay(Timeout.Infinite, token);
            }
            finally
            {
                log.Add($"{id} cancelled");
            }
        };

        await using var first = new LeaderSelector(leaderClient, path, Lead("first"), new LeaderSelectorOptions { Id = "first" });
        first.Start();
        Assert.Equal("first leads", await log.NextAsync());
        await using var second = new LeaderSelector(await set.ConnectAsync(), path, Lead("second"), new LeaderSelectorOptions { Id = "second" });
        second.Start();
        await ChildrenWait.CountAsync(set.Observer, path, 2);
        Assert.Equal("first", (await second.GetLeaderAsync())!.Id);

        await SessionExpiry.ExpireAsync(set, leaderClient, proxy);

        // The server elects the second at once; the first learns of its loss when it reaches the server again.
        var afterExpiry = new[] { await log.NextAsync(), await log.NextAsync() };
        Assert.Equal(["first cancelled", "second leads"], afterExpiry.Order());
        Assert.False(first.HasLeadership);
        Assert.True(second.HasLeadership);

        await second.DisposeAsync();
        Assert.Equal("second cancelled", await log.NextAsync());
        Assert.False(second.HasLeadership);
    }

    [Theory]
    [BothServerKinds]
    public async Task Without_requeue_a_candidate_leads_once_and_Requeue_queues_it_again(ServerKind kind)
    {
        await using var set = await ClientSet.StartAsync(servers, kind, "selector-requeue");
        var terms = new EventLog<int>();
        var count = 0;
        await using var selector = new LeaderSelector(await set.ConnectAsync(), set.PathOf("election"), _ =>
        {
            terms.Add(Interlocked.Increment(ref count));
            return Task.CompletedTask;
        });
        selector.Start();
        Assert.Equal(1, await terms.NextAsync());

        // The term is over once the lock node is gone; only then does Requeue start another one.
        await ChildrenWait.CountAsync(set.Observer, set.PathOf("election"), 0);
        Assert.True(selector.Requeue());
        Assert.Equal(2, await terms.NextAsync());
    }
}
