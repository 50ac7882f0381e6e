using ConfigCenter.Client.Operations;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Client;

// Transactions (multi) and batched reads (multiRead).
public sealed partial class ZooKeeperClient
{
    /// <summary>Starts building an atomic transaction; nothing is sent until <see cref="Operations.Transaction.CommitAsync"/>.</summary>
    public Transaction Transaction() => new(this);

    /// <summary>
    /// Runs several reads in one request. Each read succeeds or fails on its own: a failed one is an
    /// <see cref="ErrorResult"/> in the list rather than an exception. No watches are set.
    /// </summary>
    public Task<IReadOnlyList<OpResult>> MultiReadAsync(IEnumerable<ReadOperation> reads, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reads);
        var ops = new List<MultiOp>();
        foreach (var read in reads)
        {
            PathArguments.Validate(read.Path);
            var serverPath = ChrootPath.ToServer(read.Path);
            ops.Add(read switch
            {
                ReadOperation.GetDataRead => new MultiOp(OpCode.GetData, new GetDataRequest(serverPath, false)),
                _ => new MultiOp(OpCode.GetChildren, new GetChildrenRequest(serverPath, false)),
            });
        }
        var request = new MultiRequest(ops);
        return WithReadRetry(token => SendAsync<IReadOnlyList<OpResult>>(OpCode.MultiRead, request, null,
            (err, ref body) =>
            {
                Replies.ThrowIfError(err, null);
                return [.. MultiResponse.Read(ref body).Results.Select(ToReadResult)];
            }, token), cancellationToken);
    }

    private static OpResult ToReadResult(MultiResult result) => result.Body switch
    {
        GetDataResponse data => new GetDataResult(Replies.DataOrEmpty(data.Data), data.Stat),
        GetChildrenResponse children => new GetChildrenResult(children.Children),
        _ => new ErrorResult(result.Type == OpCode.Error ? result.Err : ErrorCode.MarshallingError),
    };
}
