using ConfigCenter.Client.Recipes.Counters;
using ConfigCenter.Client.Recipes.Tests.Support;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Client.Recipes.Tests.Counters;

[Collection(RecipeCollection.Name)]
public sealed class SharedCountTests(SharedServers servers)
{
    [Theory]
    [BothServerKinds]
    public async Task Every_client_hears_each_new_count_and_a_stale_compare_and_set_fails(ServerKind kind)
    {
        await using var set = await ClientSet.StartAsync(servers, kind, "shared-count");
        var path = set.PathOf("count");
        await using var writer = new SharedCount(await set.ConnectAsync(), path, seedValue: 10);
        await using var reader = new SharedCount(await set.ConnectAsync(), path, seedValue: 99);
        var heard = new EventLog<int>();
        reader.CountChanged += (_, e) => heard.Add(e.Value.Value);
        await writer.StartAsync();
        await reader.StartAsync();
        Assert.Equal(10, reader.Count); // the first to start seeded it

        for (var i = 1; i <= 5; i++)
        {
            Assert.True(await writer.TrySetCountAsync(writer.VersionedValue, 10 + i));
            Assert.Equal(10 + i, await heard.NextAsync());
        }

        var stale = reader.VersionedValue;
        await writer.SetCountAsync(100);
        Assert.Equal(100, await heard.NextAsync());
        Assert.False(await reader.TrySetCountAsync(stale, 7));
        Assert.True(await reader.TrySetCountAsync(reader.VersionedValue, 101));
        Assert.Equal(101, await heard.NextAsync());
        Assert.Equal(101, reader.Count);
    }
}
