using ConfigCenter.Client.Recipes.Barriers;
using ConfigCenter.Client.Recipes.Tests.Support;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Client.Recipes.Tests.Barriers;

[Collection(RecipeCollection.Name)]
public sealed class DistributedBarrierTests(SharedServers servers)
{
    [Theory]
    [BothServerKinds]
    public async Task Removing_the_barrier_releases_every_waiter(ServerKind kind)
    {
        await using var set = await ClientSet.StartAsync(servers, kind, "barrier");
        var path = set.PathOf("gate/barrier");
        var controller = new DistributedBarrier(await set.ConnectAsync(), path);
        await controller.SetBarrierAsync();
        await controller.SetBarrierAsync(); // already up is fine

        var waiters = (await set.ConnectManyAsync(3)).Select(client => new DistributedBarrier(client, path).WaitOnBarrierAsync()).ToList();
        Assert.False(await new DistributedBarrier(set.Observer, path).WaitOnBarrierAsync(TimeSpan.FromMilliseconds(100)));
        Assert.DoesNotContain(waiters, waiter => waiter.IsCompleted);

        await controller.RemoveBarrierAsync();

        await Task.WhenAll(waiters).WaitAsync(TestTimeouts.Event);
        Assert.True(await new DistributedBarrier(set.Observer, path).WaitOnBarrierAsync(TimeSpan.Zero));
        await controller.RemoveBarrierAsync(); // already down is fine
    }
}
