using ConfigCenter.Protocol;
using ConfigCenter.Client.Operations;

namespace ConfigCenter.Client.Exceptions;

/// <summary>
/// A ZooKeeper error: the server (or the client, for connection problems) answered a request with a
/// non-zero error code. Each code has its own subclass so callers can catch exactly what they handle.
/// </summary>
public class KeeperException : Exception
{
    /// <summary>Creates an exception for <paramref name="code"/>, naming the znode path when there is one.</summary>
    public KeeperException(ErrorCode code, string? path = null, string? message = null, Exception? innerException = null)
        : base(message ?? DescribeCode(code, path), innerException)
    {
        Code = code;
        Path = path;
    }

    /// <summary>The ZooKeeper error code.</summary>
    public ErrorCode Code { get; }

    /// <summary>The client-side path the failed request named, when it named one.</summary>
    public string? Path { get; }

    /// <summary>
    /// For a failed transaction: the result of every operation (the failing one and those after it
    /// carry an <see cref="ErrorResult"/>); null for other requests.
    /// </summary>
    public IReadOnlyList<OpResult>? Results { get; private set; }

    /// <summary>For a failed transaction: the index of the operation that failed; null for other requests.</summary>
    public int? FailedOperationIndex { get; private set; }

    /// <summary>The typed exception for a code: NoNode becomes <see cref="NoNodeException"/> and so on.</summary>
    public static KeeperException Create(ErrorCode code, string? path = null) => code switch
    {
        ErrorCode.SystemError => new SystemErrorException(path),
        ErrorCode.RuntimeInconsistency => new RuntimeInconsistencyException(path),
        ErrorCode.DataInconsistency => new DataInconsistencyException(path),
        ErrorCode.ConnectionLoss => new ConnectionLossException(path),
        ErrorCode.MarshallingError => new MarshallingErrorException(path),
        ErrorCode.Unimplemented => new UnimplementedException(path),
        ErrorCode.OperationTimeout => new OperationTimeoutException(path),
        ErrorCode.BadArguments => new BadArgumentsException(path),
        ErrorCode.UnknownSession => new UnknownSessionException(path),
        ErrorCode.NewConfigNoQuorum => new NewConfigNoQuorumException(path),
        ErrorCode.ReconfigInProgress => new ReconfigInProgressException(path),
        ErrorCode.ApiError => new ApiErrorException(path),
        ErrorCode.NoNode => new NoNodeException(path),
        ErrorCode.NoAuth => new NoAuthException(path),
        ErrorCode.BadVersion => new BadVersionException(path),
        ErrorCode.NoChildrenForEphemerals => new NoChildrenForEphemeralsException(path),
        ErrorCode.NodeExists => new NodeExistsException(path),
        ErrorCode.NotEmpty => new NotEmptyException(path),
        ErrorCode.SessionExpired => new SessionExpiredException(path),
        ErrorCode.InvalidCallback => new InvalidCallbackException(path),
        ErrorCode.InvalidAcl => new InvalidAclException(path),
        ErrorCode.AuthFailed => new AuthFailedException(path),
        ErrorCode.SessionMoved => new SessionMovedException(path),
        ErrorCode.NotReadOnly => new NotReadOnlyException(path),
        ErrorCode.EphemeralOnLocalSession => new EphemeralOnLocalSessionException(path),
        ErrorCode.NoWatcher => new NoWatcherException(path),
        ErrorCode.RequestTimeout => new RequestTimeoutException(path),
        ErrorCode.ReconfigDisabled => new ReconfigDisabledException(path),
        ErrorCode.SessionClosedRequireSaslAuth => new SessionClosedRequireSaslAuthException(path),
        ErrorCode.QuotaExceeded => new QuotaExceededException(path),
        ErrorCode.ThrottledOp => new ThrottledOpException(path),
        _ => new KeeperException(code, path),
    };

    /// <summary>The typed exception of a failed transaction, carrying every operation's result.</summary>
    internal static KeeperException ForTransaction(ErrorCode code, string? path, IReadOnlyList<OpResult> results, int failedIndex)
    {
        var exception = Create(code, path);
        exception.Results = results;
        exception.FailedOperationIndex = failedIndex;
        return exception;
    }

    private static string DescribeCode(ErrorCode code, string? path) =>
        path is null ? $"KeeperErrorCode = {code}" : $"KeeperErrorCode = {code} for {path}";
}
