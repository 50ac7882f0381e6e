using ConfigCenter.Client.Recipes.Locks;
using ConfigCenter.Client.Recipes.Tests.Support;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Client.Recipes.Tests.Locks;

[Collection(RecipeCollection.Name)]
public sealed class InterProcessMutexTests(SharedServers servers)
{
    [Theory]
    [BothServerKinds]
    public async Task Holders_never_overlap(ServerKind kind)
    {
        await using var set = await ClientSet.StartAsync(servers, kind, "mutex-exclusive");
        var clients = await set.ConnectManyAsync(3);
        var lockPath = set.PathOf("lock");
        var inside = 0;
        var counter = 0;
        const int TasksPerClient = 2, Iterations = 20;

        async Task WorkAsync(ZooKeeperClient client)
        {
            await using var mutex = new InterProcessMutex(client, lockPath);
            for (var i = 0; i < Iterations; i++)
            {
                await mutex.AcquireAsync();
                try
                {
                    Assert.Equal(1, Interlocked.Increment(ref inside));
                    // A read-yield-write increment loses updates as soon as two holders overlap.
                    var read = counter;
                    await Task.Yield();
                    counter = read + 1;
                    Assert.Equal(1, Volatile.Read(ref inside));
                    Interlocked.Decrement(ref inside);
                }
                finally
                {
                    await mutex.ReleaseAsync();
                }
            }
        }

        await Task.WhenAll(clients.SelectMany(client => Enumerable.Range(0, TasksPerClient).Select(_ => WorkAsync(client))));

        Assert.Equal(clients.Length * TasksPerClient * Iterations, counter);
        Assert.Empty(await set.Observer.GetChildrenAsync(lockPath));
    }

    [Theory]
    [BothServerKinds]
    public async Task Each_waiter_watches_only_its_predecessor_and_a_release_wakes_only_the_next(ServerKind kind)
    {
        await using var set = await ClientSet.StartAsync(servers, kind, "mutex-herd");
        var lockPath = set.PathOf("lock");
        var clients = await set.ConnectManyAsync(5);
        var mutexes = clients.Select(client => new InterProcessMutex(client, lockPath)).ToArray();
        await mutexes[0].AcquireAsync();
        var acquisitions = new List<Task>();
        for (var i = 1; i < mutexes.Length; i++)
        {
            // One at a time, so the queue order is known.
            var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            mutexes[i].WaitStarted = () => waiting.TrySetResult();
            acquisitions.Add(mutexes[i].AcquireAsync());
            await waiting.Task.WaitAsync(TestTimeouts.Event);
        }

        var queue = await mutexes[0].GetParticipantNodesAsync();
        var watches = await ServerWatches.BySessionAsync(set.Server);
        for (var i = 1; i < clients.Length; i++)
            Assert.Equal([$"{lockPath}/{queue[i - 1]}"], watches[clients[i].SessionId]);

        for (var holder = 0; holder < mutexes.Length - 1; holder++)
        {
            await mutexes[holder].ReleaseAsync();
            await acquisitions[holder].WaitAsync(TestTimeouts.Event);
            await AllEventsDeliveredAsync(set, clients);
            for (var waiter = holder + 1; waiter < mutexes.Length; waiter++)
                Assert.Equal(waiter == holder + 1 ? 1 : 0, mutexes[waiter].WakeUps);
            Assert.True(mutexes[holder + 1].IsAcquired);
        }
        await mutexes[^1].ReleaseAsync();
    }

    [Theory]
    [BothServerKinds]
    public async Task A_holder_whose_session_expires_is_warned_then_told_the_lock_is_lost_and_a_waiter_gets_it(ServerKind kind)
    {
        await using var set = await ClientSet.StartAsync(servers, kind, "mutex-expiry");
        var lockPath = set.PathOf("lock");
        var (holderClient, proxy) = await set.ConnectThroughProxyAsync();
        var waiterClient = await set.ConnectAsync();
        await using var holder = new InterProcessMutex(holderClient, lockPath);
        await using var waiter = new InterProcessMutex(waiterClient, lockPath);
        var notices = new EventLog<string>();
        holder.ConnectionSuspended += (_, _) => notices.Add("suspended");
        holder.LockLost += (_, e) => notices.Add($"lost:{e.Reason}");
        await holder.AcquireAsync();
        var lostToken = holder.LockLostToken;
        var waiting = waiter.AcquireAsync();
        await ChildrenWait.CountAsync(set.Observer, lockPath, 2);

        await SessionExpiry.ExpireAsync(set, holderClient, proxy);

        await waiting.WaitAsync(TestTimeouts.Event);
        Assert.True(waiter.IsAcquired);
        Assert.Equal("suspended", await notices.NextAsync());
        Assert.Equal($"lost:{LockLostReason.SessionExpired}", await notices.NextAsync());
        Assert.True(lostToken.IsCancellationRequested);
        Assert.False(holder.IsAcquired);
        await holder.ReleaseAsync(); // a lost lock is released quietly
        Assert.Single(await waiter.GetParticipantNodesAsync());
    }

    [Theory]
    [BothServerKinds]
    public async Task A_deleted_lock_node_is_reported_as_a_lost_lock(ServerKind kind)
    {
        await using var set = await ClientSet.StartAsync(servers, kind, "mutex-deleted");
        await using var mutex = new InterProcessMutex(await set.ConnectAsync(), set.PathOf("lock"));
        var lost = new EventLog<LockLostReason>();
        mutex.LockLost += (_, e) => lost.Add(e.Reason);
        await mutex.AcquireAsync();

        await set.Observer.DeleteAsync(mutex.LockNodePath!);

        Assert.Equal(LockLostReason.NodeDeleted, await lost.NextAsync());
        Assert.True(mutex.LockLostToken.IsCancellationRequested);
        await Assert.ThrowsAsync<InvalidOperationException>(() => mutex.AcquireAsync());
        await mutex.ReleaseAsync();
    }

    [Theory]
    [BothServerKinds]
    public async Task A_timed_out_acquisition_returns_false_and_leaves_the_queue(ServerKind kind)
    {
        await using var set = await ClientSet.StartAsync(servers, kind, "mutex-timeout");
        var lockPath = set.PathOf("lock");
        await using var holder = new InterProcessMutex(await set.ConnectAsync(), lockPath);
        await using var other = new InterProcessMutex(await set.ConnectAsync(), lockPath);
        await holder.AcquireAsync();

        Assert.False(await other.AcquireAsync(TimeSpan.FromMilliseconds(200)));
        Assert.Single(await set.Observer.GetChildrenAsync(lockPath));

        using var cancel = new CancellationTokenSource();
        var cancelled = other.AcquireAsync(cancel.Token);
        await ChildrenWait.CountAsync(set.Observer, lockPath, 2);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        await ChildrenWait.CountAsync(set.Observer, lockPath, 1);
        Assert.False(other.IsAcquired);
    }

    [Theory]
    [BothServerKinds]
    public async Task The_mutex_is_reentrant_per_instance_and_released_by_the_last_release(ServerKind kind)
    {
        await using var set = await ClientSet.StartAsync(servers, kind, "mutex-reentrant");
        var lockPath = set.PathOf("lock");
        await using var mutex = new InterProcessMutex(await set.ConnectAsync(), lockPath);
        await using var other = new InterProcessMutex(await set.ConnectAsync(), lockPath);

        await mutex.AcquireAsync();
        Assert.True(await mutex.AcquireAsync(TimeSpan.Zero));
        var node = mutex.LockNodePath;
        await mutex.ReleaseAsync();
        Assert.True(mutex.IsAcquired);
        Assert.Equal(node, mutex.LockNodePath);
        Assert.False(await other.AcquireAsync(TimeSpan.Zero));
        await mutex.ReleaseAsync();
        Assert.False(mutex.IsAcquired);
        Assert.True(await other.AcquireAsync(TimeSpan.FromSeconds(5)));
        await Assert.ThrowsAsync<InvalidOperationException>(() => mutex.ReleaseAsync());
    }

    [Theory]
    [BothServerKinds]
    public async Task Lock_nodes_are_protected_ephemeral_sequential_nodes(ServerKind kind)
    {
        await using var set = await ClientSet.StartAsync(servers, kind, "mutex-nodes");
        var client = await set.ConnectAsync();
        await using var mutex = new InterProcessMutex(client, set.PathOf("lock"));
        await mutex.AcquireAsync();

        var name = ZkPath.Name(mutex.LockNodePath!);
        Assert.Matches("^_c_[0-9a-f-]{36}-lock-[0-9]{10}$", name);
        Assert.Equal(client.SessionId, (await set.Observer.ExistsAsync(mutex.LockNodePath!))!.Value.EphemeralOwner);
    }

    /// <summary>
    /// Every client hears of a node the observer creates after the releases: a client's events arrive in order,
    /// so once each has heard it, no wake-up caused by the releases can still be on its way.
    /// </summary>
    private static async Task AllEventsDeliveredAsync(ClientSet set, IEnumerable<ZooKeeperClient> clients)
    {
        var sentinel = set.PathOf($"sentinel-{Guid.NewGuid():N}");
        var heard = new List<Task>();
        foreach (var client in clients)
        {
            var collector = new EventCollector();
            await client.ExistsAsync(sentinel, collector);
            heard.Add(collector.NextAsync(EventType.NodeCreated, sentinel));
        }
        await set.Observer.CreateAsync(sentinel, null, Acl.OpenAclUnsafe, CreateMode.Ephemeral);
        await Task.WhenAll(heard);
    }
}
