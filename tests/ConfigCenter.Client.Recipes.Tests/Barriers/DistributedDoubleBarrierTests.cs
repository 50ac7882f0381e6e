using ConfigCenter.Client.Recipes.Barriers;
using ConfigCenter.Client.Recipes.Tests.Support;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Client.Recipes.Tests.Barriers;

[Collection(RecipeCollection.Name)]
public sealed class DistributedDoubleBarrierTests(SharedServers servers)
{
    [Theory]
    [BothServerKinds]
    public async Task Members_get_in_only_when_all_have_entered_and_out_only_when_all_have_left(ServerKind kind)
    {
        await using var set = await ClientSet.StartAsync(servers, kind, "double-barrier");
        var path = set.PathOf("barrier");
        var members = (await set.ConnectManyAsync(3)).Select(client => new DistributedDoubleBarrier(client, path, 3)).ToList();

        var entering = new List<Task> { members[0].EnterAsync(), members[1].EnterAsync() };
        await ChildrenWait.CountAsync(set.Observer, path, 2);
        Assert.DoesNotContain(entering, enter => enter.IsCompleted);
        entering.Add(members[2].EnterAsync());
        await Task.WhenAll(entering).WaitAsync(TestTimeouts.Event);
        Assert.Contains("ready", await set.Observer.GetChildrenAsync(path));

        var leaving = new List<Task> { members[0].LeaveAsync(), members[1].LeaveAsync() };
        // Whoever of the two is not the lowest member has deleted its node; nobody is out while the third stays.
        await ChildrenWait.UntilAsync(set.Observer, path, children => children.Count(name => name != "ready") <= 2);
        Assert.DoesNotContain(leaving, leave => leave.IsCompleted);
        leaving.Add(members[2].LeaveAsync());
        await Task.WhenAll(leaving).WaitAsync(TestTimeouts.Event);

        Assert.Empty(await set.Observer.GetChildrenAsync(path));
    }

    [Theory]
    [BothServerKinds]
    public async Task An_entry_that_times_out_withdraws_the_member(ServerKind kind)
    {
        await using var set = await ClientSet.StartAsync(servers, kind, "double-barrier-timeout");
        var path = set.PathOf("barrier");
        var member = new DistributedDoubleBarrier(await set.ConnectAsync(), path, 2);

        Assert.False(await member.EnterAsync(TimeSpan.FromMilliseconds(200)));

        Assert.Empty(await set.Observer.GetChildrenAsync(path));
    }
}
