using ConfigCenter.Client.Recipes.Counters;
using ConfigCenter.Client.Recipes.Tests.Support;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Client.Recipes.Tests.Counters;

[Collection(RecipeCollection.Name)]
public sealed class DistributedAtomicLongTests(SharedServers servers)
{
    [Theory]
    [BothServerKinds]
    public async Task Increments_from_concurrent_clients_add_up(ServerKind kind)
    {
        await using var set = await ClientSet.StartAsync(servers, kind, "atomic-long");
        var path = set.PathOf("counters/hits");
        const int Clients = 4, Increments = 25;
        var previousValues = new List<long>();

        async Task IncrementAsync(ZooKeeperClient client)
        {
            var counter = new DistributedAtomicLong(client, path);
            for (var i = 0; i < Increments; i++)
            {
                var update = await counter.IncrementAsync();
                Assert.True(update.Succeeded);
                Assert.Equal(update.PreviousValue + 1, update.NewValue);
                lock (previousValues) previousValues.Add(update.PreviousValue);
            }
        }

        await Task.WhenAll((await set.ConnectManyAsync(Clients)).Select(IncrementAsync));

        Assert.Equal(Clients * Increments, await new DistributedAtomicLong(set.Observer, path).GetAsync());
        // Every increment saw a different value before it: none was lost or counted twice.
        Assert.Equal(Enumerable.Range(0, Clients * Increments).Select(v => (long)v), previousValues.Order());
    }

    [Theory]
    [BothServerKinds]
    public async Task Compare_and_set_succeeds_only_on_the_expected_value_or_version(ServerKind kind)
    {
        await using var set = await ClientSet.StartAsync(servers, kind, "atomic-cas");
        var counter = new DistributedAtomicLong(await set.ConnectAsync(), set.PathOf("value"));
        Assert.Equal(0, await counter.GetAsync());

        Assert.Equal(new AtomicUpdate(true, 0, 5), await counter.CompareAndSetAsync(0, 5));
        Assert.Equal(new AtomicUpdate(false, 5, 5), await counter.CompareAndSetAsync(0, 7));
        var read = await counter.GetVersionedAsync();
        await counter.ForceSetAsync(42);
        Assert.False(await counter.TrySetAsync(read, 6)); // stale version
        Assert.True(await counter.TrySetAsync(await counter.GetVersionedAsync(), 43));
        Assert.Equal(new AtomicUpdate(true, 43, 40), await counter.AddAsync(-3));
        Assert.Equal(40, await new DistributedAtomicLong(set.Observer, counter.Path).GetAsync());
    }
}
