using ConfigCenter.Client.Recipes.Locks;
using ConfigCenter.Client.Recipes.Tests.Support;
using ConfigCenter.Protocol;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Client.Recipes.Tests.Locks;

[Collection(RecipeCollection.Name)]
public sealed class InterProcessSemaphoreTests(SharedServers servers)
{
    [Theory]
    [BothServerKinds]
    public async Task Never_more_than_the_maximum_of_leases_are_out(ServerKind kind)
    {
        await using var set = await ClientSet.StartAsync(servers, kind, "semaphore-max");
        var clients = await set.ConnectManyAsync(3);
        var path = set.PathOf("semaphore");
        const int MaxLeases = 2;
        var holders = 0;
        var violations = new EventLog<int>();

        async Task WorkAsync(ZooKeeperClient client)
        {
            var semaphore = new InterProcessSemaphore(client, path, MaxLeases);
            for (var i = 0; i < 8; i++)
            {
                await using var lease = await semaphore.AcquireAsync();
                var now = Interlocked.Increment(ref holders);
                if (now > MaxLeases) violations.Add(now);
                await Task.Yield();
                Interlocked.Decrement(ref holders);
            }
        }

        await Task.WhenAll(clients.SelectMany(client => Enumerable.Range(0, 2).Select(_ => WorkAsync(client))));

        Assert.Empty(violations.All);
        Assert.Empty(await new InterProcessSemaphore(set.Observer, path, MaxLeases).GetParticipantNodesAsync());
    }

    [Theory]
    [BothServerKinds]
    public async Task A_returned_lease_admits_the_next_waiter_and_a_timed_out_one_leaves_nothing_behind(ServerKind kind)
    {
        await using var set = await ClientSet.StartAsync(servers, kind, "semaphore-leases");
        var path = set.PathOf("semaphore");
        var semaphore = new InterProcessSemaphore(await set.ConnectAsync(), path, 2);
        var other = new InterProcessSemaphore(await set.ConnectAsync(), path, 2);

        var first = await semaphore.AcquireAsync();
        await using var second = await semaphore.AcquireAsync();
        Assert.Null(await other.AcquireAsync(TimeSpan.FromMilliseconds(200)));
        Assert.Equal(2, (await other.GetParticipantNodesAsync()).Count);
        Assert.Matches("^_c_[0-9a-f-]{36}-lease-[0-9]{10}$", ZkPath.Name(first.NodePath));

        var waiting = other.AcquireAsync();
        await first.ReleaseAsync();
        await using var third = await waiting.WaitAsync(TestTimeouts.Event);
        Assert.True(first.IsReleased);
        Assert.Equal(2, (await other.GetParticipantNodesAsync()).Count);
    }

    [Theory]
    [BothServerKinds]
    public async Task The_lease_of_a_holder_whose_session_ends_is_freed(ServerKind kind)
    {
        await using var set = await ClientSet.StartAsync(servers, kind, "semaphore-session");
        var path = set.PathOf("semaphore");
        var holderClient = await set.ConnectAsync();
        var holder = new InterProcessSemaphore(holderClient, path, 1);
        var other = new InterProcessSemaphore(await set.ConnectAsync(), path, 1);
        await holder.AcquireAsync();

        var waiting = other.AcquireAsync();
        await holderClient.DisposeAsync();

        await using var lease = await waiting.WaitAsync(TestTimeouts.Event);
        Assert.Single(await other.GetParticipantNodesAsync());
    }
}
