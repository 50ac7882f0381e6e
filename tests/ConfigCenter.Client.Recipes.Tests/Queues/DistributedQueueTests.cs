using System.Collections.Concurrent;
using System.Text;
using ConfigCenter.Client.Recipes.Queues;
using ConfigCenter.Client.Recipes.Tests.Support;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Client.Recipes.Tests.Queues;

[Collection(RecipeCollection.Name)]
public sealed class DistributedQueueTests(SharedServers servers)
{
    [Theory]
    [BothServerKinds]
    public async Task Items_come_out_in_the_order_they_went_in(ServerKind kind)
    {
        await using var set = await ClientSet.StartAsync(servers, kind, "queue-fifo");
        await using var queue = new DistributedQueue(await set.ConnectAsync(), set.PathOf("queue"));
        for (var i = 0; i < 10; i++) await queue.PutAsync(Item(i));
        Assert.Equal(10, await queue.CountAsync());

        var taken = new List<string>();
        for (var i = 0; i < 10; i++) taken.Add(Text(await queue.TakeAsync()));

        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"item-{i}"), taken);
        Assert.Null(await queue.TryTakeAsync());
        Assert.Null(await queue.TakeAsync(TimeSpan.FromMilliseconds(100)));
    }

    [Theory]
    [BothServerKinds]
    public async Task A_take_on_an_empty_queue_waits_for_the_next_put(ServerKind kind)
    {
        await using var set = await ClientSet.StartAsync(servers, kind, "queue-wait");
        var path = set.PathOf("queue");
        await using var consumer = new DistributedQueue(await set.ConnectAsync(), path);
        var producer = new DistributedQueue(await set.ConnectAsync(), path);

        var taking = consumer.TakeAsync();
        await ChildrenWait.UntilAsync(set.Observer, set.Root, children => children.Contains("queue"));
        Assert.False(taking.IsCompleted);
        await producer.PutAsync(Item(1));

        Assert.Equal("item-1", Text(await taking.WaitAsync(TestTimeouts.Event)));
    }

    [Theory]
    [BothServerKinds]
    public async Task Concurrent_consumers_take_every_item_exactly_once(ServerKind kind)
    {
        await using var set = await ClientSet.StartAsync(servers, kind, "queue-once");
        var path = set.PathOf("queue");
        const int Producers = 3, ItemsEach = 30, Total = Producers * ItemsEach;
        var taken = new ConcurrentBag<string>();
        using var allTaken = new CancellationTokenSource();

        async Task ConsumeAsync(ZooKeeperClient client)
        {
            await using var queue = new DistributedQueue(client, path);
            try
            {
                while (true)
                {
                    taken.Add(Text(await queue.TakeAsync(allTaken.Token)));
                    if (taken.Count == Total) await allTaken.CancelAsync();
                }
            }
            catch (OperationCanceledException) when (allTaken.IsCancellationRequested)
            {
            }
        }

        async Task ProduceAsync(ZooKeeperClient client, int producer)
        {
            var queue = new DistributedQueue(client, path);
            for (var i = 0; i < ItemsEach; i++) await queue.PutAsync(Item(producer * 1000 + i));
        }

        var consumers = (await set.ConnectManyAsync(3)).Select(ConsumeAsync).ToList();
        var producers = (await set.ConnectManyAsync(Producers)).Select(ProduceAsync).ToList();
        await Task.WhenAll(producers);
        await Task.WhenAll(consumers).WaitAsync(TestTimeouts.Event);

        var expected = Enumerable.Range(0, Producers).SelectMany(p => Enumerable.Range(0, ItemsEach).Select(i => $"item-{p * 1000 + i}"));
        Assert.Equal(expected.Order(), taken.Order());
        Assert.Equal(0, await new DistributedQueue(set.Observer, path).CountAsync());
    }

    [Theory]
    [BothServerKinds]
    public async Task A_take_whose_reply_is_lost_still_delivers_its_item_once(ServerKind kind)
    {
        await using var set = await ClientSet.StartAsync(servers, kind, "queue-lost-reply");
        var path = set.PathOf("queue");
        var (client, proxy) = await set.ConnectThroughProxyAsync(o => o.SessionTimeout = TimeSpan.FromSeconds(6));
        using var states = new StateRecorder(client);
        await using var consumer = new DistributedQueue(client, path);
        var itemPath = await consumer.PutAsync(Item(1));
        await consumer.PutAsync(Item(2));
        var taken = new EventCollector();
        Assert.NotNull(await set.Observer.ExistsAsync(itemPath, taken));
        consumer.BeforeTakeCommit = proxy.StallReplies;

        var taking = consumer.TakeAsync();
        // The server applied the take (the item is gone) but its reply is held: drop the connection with it.
        await taken.NextAsync(ConfigCenter.Protocol.EventType.NodeDeleted, itemPath);
        consumer.BeforeTakeCommit = null;
        proxy.ResetConnections();
        proxy.Resume();

        Assert.Equal("item-1", Text(await taking.WaitAsync(TestTimeouts.Event)));
        await states.WaitForAsync(ConnectionState.Suspended);
        Assert.Equal("item-2", Text(await consumer.TakeAsync()));
        Assert.Null(await consumer.TryTakeAsync());
    }

    private static byte[] Item(int number) => Encoding.UTF8.GetBytes($"item-{number}");

    private static string Text(byte[] item) => Encoding.UTF8.GetString(item);
}
