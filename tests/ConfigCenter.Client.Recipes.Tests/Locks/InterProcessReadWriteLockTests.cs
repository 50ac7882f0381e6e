using ConfigCenter.Client.Recipes.Locks;
using ConfigCenter.Client.Recipes.Tests.Support;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Client.Recipes.Tests.Locks;

[Collection(RecipeCollection.Name)]
public sealed class InterProcessReadWriteLockTests(SharedServers servers)
{
    [Theory]
    [BothServerKinds]
    public async Task Readers_share_the_lock_and_a_writer_holds_it_alone(ServerKind kind)
    {
        await using var set = await ClientSet.StartAsync(servers, kind, "rwlock-exclusive");
        var clients = await set.ConnectManyAsync(3);
        var lockPath = set.PathOf("lock");
        var readers = 0;
        var writers = 0;
        var violations = new EventLog<string>();

        void CheckExclusion()
        {
            var (r, w) = (Volatile.Read(ref readers), Volatile.Read(ref writers));
            if (w > 1 || (w == 1 && r > 0)) violations.Add($"{r} readers and {w} writers at once");
        }

        async Task WorkAsync(ZooKeeperClient client, int worker)
        {
            await using var rwLock = new InterProcessReadWriteLock(client, lockPath);
            for (var i = 0; i < 10; i++)
            {
                var write = (worker + i) % 3 == 0;
                var side = write ? rwLock.WriteLock : rwLock.ReadLock;
                await side.AcquireAsync();
                if (write) Interlocked.Increment(ref writers);
                else Interlocked.Increment(ref readers);
                CheckExclusion();
                await Task.Yield();
                CheckExclusion();
                if (write) Interlocked.Decrement(ref writers);
                else Interlocked.Decrement(ref readers);
                await side.ReleaseAsync();
            }
        }

        await Task.WhenAll(clients.SelectMany((client, c) => Enumerable.Range(0, 2).Select(t => WorkAsync(client, c * 2 + t))));

        Assert.Empty(violations.All);
        Assert.Empty(await set.Observer.GetChildrenAsync(lockPath));
    }

    [Theory]
    [BothServerKinds]
    public async Task Readers_hold_the_lock_together(ServerKind kind)
    {
        await using var set = await ClientSet.StartAsync(servers, kind, "rwlock-shared");
        var lockPath = set.PathOf("lock");
        await using var first = new InterProcessReadWriteLock(await set.ConnectAsync(), lockPath);
        await using var second = new InterProcessReadWriteLock(await set.ConnectAsync(), lockPath);
        await using var writer = new InterProcessReadWriteLock(await set.ConnectAsync(), lockPath);

        await first.ReadLock.AcquireAsync();
        Assert.True(await second.ReadLock.AcquireAsync(TimeSpan.FromSeconds(5)));
        Assert.False(await writer.WriteLock.AcquireAsync(TimeSpan.FromMilliseconds(100)));
        await first.ReadLock.ReleaseAsync();
        await second.ReadLock.ReleaseAsync();
        Assert.True(await writer.WriteLock.AcquireAsync(TimeSpan.FromSeconds(5)));
    }

    [Theory]
    [BothServerKinds]
    public async Task A_writer_queued_ahead_is_not_overtaken_by_later_readers(ServerKind kind)
    {
        await using var set = await ClientSet.StartAsync(servers, kind, "rwlock-fair");
        var lockPath = set.PathOf("lock");
        await using var earlyReader = new InterProcessReadWriteLock(await set.ConnectAsync(), lockPath);
        await using var writer = new InterProcessReadWriteLock(await set.ConnectAsync(), lockPath);
        await using var lateReader = new InterProcessReadWriteLock(await set.ConnectAsync(), lockPath);
        var order = new EventLog<string>();

        await earlyReader.ReadLock.AcquireAsync();
        var writerWaits = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        writer.WriteLock.WaitStarted = () => writerWaits.TrySetResult();
        var writing = Task.Run(async () =>
        {
            await writer.WriteLock.AcquireAsync();
            order.Add("writer acquired");
            await writer.WriteLock.ReleaseAsync();
            order.Add("writer released");
        });
        await writerWaits.Task.WaitAsync(TestTimeouts.Event);
        var readerWaits = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lateReader.ReadLock.WaitStarted = () => readerWaits.TrySetResult();
        var reading = Task.Run(async () =>
        {
            await lateReader.ReadLock.AcquireAsync();
            order.Add("late reader acquired");
        });
        // The late reader waits although only readers hold the lock: the writer is ahead of it.
        await readerWaits.Task.WaitAsync(TestTimeouts.Event);
        Assert.False(reading.IsCompleted);

        await earlyReader.ReadLock.ReleaseAsync();
        await Task.WhenAll(writing, reading).WaitAsync(TestTimeouts.Event);

        Assert.Equal(["writer acquired", "writer released", "late reader acquired"], order.All);
        await lateReader.ReadLock.ReleaseAsync();
    }

    [Theory]
    [BothServerKinds]
    public async Task The_writer_may_take_the_read_lock_but_a_reader_may_not_upgrade(ServerKind kind)
    {
        await using var set = await ClientSet.StartAsync(servers, kind, "rwlock-reentry");
        var lockPath = set.PathOf("lock");
        var client = await set.ConnectAsync();
        await using var rwLock = new InterProcessReadWriteLock(client, lockPath);
        await using var other = new InterProcessReadWriteLock(await set.ConnectAsync(), lockPath);

        await rwLock.WriteLock.AcquireAsync();
        Assert.True(await rwLock.ReadLock.AcquireAsync(TimeSpan.FromSeconds(5)));
        await rwLock.WriteLock.ReleaseAsync(); // downgraded: still a reader
        Assert.True(await other.ReadLock.AcquireAsync(TimeSpan.FromSeconds(5)));
        await Assert.ThrowsAsync<InvalidOperationException>(() => rwLock.WriteLock.AcquireAsync(TimeSpan.FromSeconds(1)));
        await rwLock.ReadLock.ReleaseAsync();
    }
}
