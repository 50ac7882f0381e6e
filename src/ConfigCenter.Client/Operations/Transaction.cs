using ConfigCenter.Client.Exceptions;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Client.Operations;

/// <summary>
/// Operations committed atomically with one multi request: all of them apply, or none does. Build it
/// with <see cref="ZooKeeperClient.Transaction"/>, chain the operations, then <see cref="CommitAsync"/>.
/// </summary>
public sealed class Transaction
{
    private readonly ZooKeeperClient _client;
    private readonly List<(MultiOp Op, string ClientPath)> _operations = [];

    internal Transaction(ZooKeeperClient client) => _client = client;

    /// <summary>The number of operations added so far.</summary>
    public int Count => _operations.Count;

    /// <summary>Adds a create (see <see cref="ZooKeeperClient.CreateAsync"/> for the arguments).</summary>
    public Transaction Create(string path, byte[]? data, IReadOnlyList<Acl> acl, CreateMode mode = CreateMode.Persistent, TimeSpan? ttl = null)
    {
        PathArguments.Validate(path, mode.IsSequential());
        // Plain creates travel as create inside a multi, as the Java client sends them; containers and TTL nodes have their own opcodes.
        var (opCode, request) = CreateRequests.Build(_client.ChrootPath.ToServer(path), data, acl, mode, ttl, withStat: false);
        return Add(opCode, request, path);
    }

    /// <summary>Adds a delete, conditional on the version (-1 matches any).</summary>
    public Transaction Delete(string path, int version = -1)
    {
        PathArguments.Validate(path);
        return Add(OpCode.Delete, new DeleteRequest(_client.ChrootPath.ToServer(path), version), path);
    }

    /// <summary>Adds a setData, conditional on the version (-1 matches any).</summary>
    public Transaction SetData(string path, byte[]? data, int version = -1)
    {
        PathArguments.Validate(path);
        return Add(OpCode.SetData, new SetDataRequest(_client.ChrootPath.ToServer(path), data, version), path);
    }

    /// <summary>Adds a check that the node exists with the given version (-1: that it exists).</summary>
    public Transaction Check(string path, int version)
    {
        PathArguments.Validate(path);
        return Add(OpCode.Check, new CheckVersionRequest(_client.ChrootPath.ToServer(path), version), path);
    }

    /// <summary>
    /// Commits the operations; returns one result per operation, in order. A transaction is not retried
    /// after a ConnectionLoss: it may have been applied.
    /// </summary>
    /// <exception cref="KeeperException">
    /// An operation failed and nothing was applied: the typed exception of the first failure (e.g.
    /// <see cref="NodeExistsException"/>), with <see cref="KeeperException.Results"/> holding every
    /// operation's result and <see cref="KeeperException.FailedOperationIndex"/> the failing one.
    /// </exception>
    public Task<IReadOnlyList<OpResult>> CommitAsync(CancellationToken cancellationToken = default)
    {
        var operations = _operations.ToArray();
        var chroot = _client.ChrootPath;
        return _client.SendAsync<IReadOnlyList<OpResult>>(OpCode.Multi, new MultiRequest([.. operations.Select(o => o.Op)]), null,
            (err, ref body) =>
            {
                Replies.ThrowIfError(err, null);
                var results = MultiResponse.Read(ref body).Results.Select(result => ToOpResult(result, chroot)).ToList();
                var failed = results.FindIndex(result => result is ErrorResult { Code: not ErrorCode.Ok });
                if (failed >= 0)
                {
                    var code = ((ErrorResult)results[failed]).Code;
                    throw KeeperException.ForTransaction(code, failed < operations.Length ? operations[failed].ClientPath : null, results, failed);
                }
                return results;
            }, cancellationToken);
    }

    private Transaction Add(OpCode opCode, Request request, string clientPath)
    {
        _operations.Add((new MultiOp(opCode, request), clientPath));
        return this;
    }

    private static OpResult ToOpResult(MultiResult result, Connection.ChrootPath chroot) => result.Body switch
    {
        _ when result.Type == OpCode.Error => new ErrorResult(result.Err),
        CreateResponse create => new CreateResult(chroot.ToClient(create.Path), null),
        Create2Response create => new CreateResult(chroot.ToClient(create.Path), create.Stat),
        StatResponse set => new SetDataResult(set.Stat),
        _ when result.Type == OpCode.Delete => new DeleteResult(),
        _ when result.Type == OpCode.Check => new CheckResult(),
        _ => throw new MarshallingErrorException(message: $"Unexpected {result.Type} result in a multi reply."),
    };
}
