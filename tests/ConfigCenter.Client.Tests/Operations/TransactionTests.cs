using ConfigCenter.Client.Exceptions;
using ConfigCenter.Client.Operations;
using ConfigCenter.Client.Tests.Support;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Client.Tests.Operations;

[Collection(ClientCollection.Name)]
public sealed class TransactionTests(SharedServers servers)
{
    private static readonly IReadOnlyList<Acl> Open = Acl.OpenAclUnsafe;

    [Theory]
    [BothServerKinds]
    public async Task A_committed_transaction_returns_one_result_per_operation(ServerKind kind)
    {
        await using var client = await ConnectAsync(kind);
        var root = await TestClients.CreateTestRootAsync(client, "txn");
        await client.CreateAsync(root + "/old", null, Open);

        var results = await client.Transaction()
            .Create(root + "/new", [1], Open)
            .Create(root + "/seq-", null, Open, CreateMode.PersistentSequential)
            .SetData(root + "/new", [2], version: 0)
            .Check(root + "/new", version: 1)
            .Delete(root + "/old")
            .CommitAsync();

        Assert.Collection(results,
            r => Assert.Equal(root + "/new", Assert.IsType<CreateResult>(r).Path),
            r => Assert.Equal(root + "/seq-0000000002", Assert.IsType<CreateResult>(r).Path),
            r => Assert.Equal(1, Assert.IsType<SetDataResult>(r).Stat.Version),
            r => Assert.IsType<CheckResult>(r),
            r => Assert.IsType<DeleteResult>(r));
        Assert.Equal([2], (await client.GetDataAsync(root + "/new")).Data);
        Assert.Null(await client.ExistsAsync(root + "/old"));
    }

    [Theory]
    [BothServerKinds]
    public async Task A_failed_transaction_applies_nothing_and_throws_the_typed_error_with_every_result(ServerKind kind)
    {
        await using var client = await ConnectAsync(kind);
        var root = await TestClients.CreateTestRootAsync(client, "txn-fail");
        await client.CreateAsync(root + "/exists", null, Open);

        var failure = await Assert.ThrowsAsync<NodeExistsException>(() => client.Transaction()
            .Create(root + "/a", null, Open)
            .Create(root + "/exists", null, Open)
            .Delete(root + "/exists")
            .CommitAsync());

        Assert.Equal(1, failure.FailedOperationIndex);
        Assert.Equal(root + "/exists", failure.Path);
        Assert.Equal(
            [new ErrorResult(ErrorCode.Ok), new ErrorResult(ErrorCode.NodeExists), new ErrorResult(ErrorCode.RuntimeInconsistency)],
            failure.Results!);
        Assert.Null(await client.ExistsAsync(root + "/a"));

        var badVersion = await Assert.ThrowsAsync<BadVersionException>(() => client.Transaction().Check(root + "/exists", 3).CommitAsync());
        Assert.Equal(0, badVersion.FailedOperationIndex);
    }

    [Theory]
    [BothServerKinds]
    public async Task MultiRead_answers_each_read_on_its_own(ServerKind kind)
    {
        await using var client = await ConnectAsync(kind);
        var root = await TestClients.CreateTestRootAsync(client, "multiread");
        await client.CreateAsync(root + "/a", [5], Open);

        var results = await client.MultiReadAsync(
        [
            ReadOperation.GetData(root + "/a"),
            ReadOperation.GetChildren(root),
            ReadOperation.GetData(root + "/missing"),
        ]);

        Assert.Collection(results,
            r => Assert.Equal([5], Assert.IsType<GetDataResult>(r).Data),
            r => Assert.Equal(["a"], Assert.IsType<GetChildrenResult>(r).Children),
            r => Assert.Equal(ErrorCode.NoNode, Assert.IsType<ErrorResult>(r).Code));
    }

    private async Task<ZooKeeperClient> ConnectAsync(ServerKind kind) =>
        await TestClients.ConnectAsync((await servers.GetAsync(kind)).ConnectString);
}
