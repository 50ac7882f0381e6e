using ConfigCenter.Testing.Network;
using ConfigCenter.Client.Tests.Support;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Client.Tests.Connection;

[Collection(ClientCollection.Name)]
public sealed class PipeliningTests(SharedServers servers)
{
    private const int RequestCount = 1000;

    [Theory]
    [BothServerKinds]
    public async Task A_thousand_requests_issued_at_once_complete_in_order(ServerKind kind)
    {
        await using var client = await TestClients.ConnectAsync((await servers.GetAsync(kind)).ConnectString);
        var root = await TestClients.CreateTestRootAsync(client, "pipeline");
        await client.CreateAsync(root + "/n", null, Acl.OpenAclUnsafe);

        // All in flight before the first reply: each write sees the previous one, so versions follow issue order.
        var writes = Enumerable.Range(0, RequestCount).Select(i => client.SetDataAsync(root + "/n", BitConverter.GetBytes(i))).ToList();
        var creates = Enumerable.Range(0, RequestCount)
            .Select(_ => client.CreateAsync(root + "/seq-", null, Acl.OpenAclUnsafe, CreateMode.PersistentSequential)).ToList();
        var stats = await Task.WhenAll(writes);
        var paths = await Task.WhenAll(creates);

        Assert.Equal(Enumerable.Range(1, RequestCount), stats.Select(s => s.Version));
        Assert.Equal(Enumerable.Range(1, RequestCount).Select(i => $"{root}/seq-{i:D10}"), paths);
        Assert.Equal(BitConverter.GetBytes(RequestCount - 1), (await client.GetDataAsync(root + "/n")).Data);
    }

    [Theory]
    [BothServerKinds]
    public async Task Concurrent_callers_on_many_threads_share_one_connection(ServerKind kind)
    {
        await using var client = await TestClients.ConnectAsync((await servers.GetAsync(kind)).ConnectString);
        var root = await TestClients.CreateTestRootAsync(client, "threads");

        await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, token) =>
        {
            var path = await client.CreateAsync($"{root}/n{i}", BitConverter.GetBytes(i), Acl.OpenAclUnsafe, cancellationToken: token);
            Assert.Equal(BitConverter.GetBytes(i), (await client.GetDataAsync(path, cancellationToken: token)).Data);
        });

        Assert.Equal(200, (await client.GetChildrenAsync(root)).Count);
    }

    [Theory]
    [BothServerKinds]
    public async Task A_cancelled_wait_leaves_the_connection_usable(ServerKind kind)
    {
        await using var client = await TestClients.ConnectAsync((await servers.GetAsync(kind)).ConnectString);
        var root = await TestClients.CreateTestRootAsync(client, "cancel");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetDataAsync(root, cancellationToken: cancelled.Token));
        var delete = client.DeleteAsync(root, cancellationToken: cancelled.Token); // a cancelled task, not a synchronous throw
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => delete);

        Assert.NotNull(await client.ExistsAsync(root));
    }

    [Theory]
    [BothServerKinds]
    public async Task Cancelling_a_request_in_flight_keeps_later_replies_matched(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        await using var proxy = TcpProxy.Start(server.ClientPort);
        await using var client = await TestClients.ConnectAsync(proxy.ConnectString);
        var root = await TestClients.CreateTestRootAsync(client, "cancel-in-flight");
        await client.SetDataAsync(root, [1]);
        using var cancel = new CancellationTokenSource();

        proxy.StallReplies();
        var abandoned = client.GetDataAsync(root, cancellationToken: cancel.Token);
        var next = client.ExistsAsync(root);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        proxy.Resume();

        Assert.Equal(1, (await next)!.Value.Version);
        Assert.Equal([1], (await client.GetDataAsync(root)).Data);
    }
}
