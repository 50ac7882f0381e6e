using ConfigCenter.Protocol;

namespace ConfigCenter.Client.Exceptions;

// One subclass per ZooKeeper error code so callers catch exactly the failures they handle.

/// <summary>An unexpected server-side failure. (<see cref="ErrorCode.SystemError"/>)</summary>
/// <param name="path">The client-side path of the failed request, if any.</param>
/// <param name="message">A message replacing the default one naming the code and path.</param>
public sealed class SystemErrorException(string? path = null, string? message = null) : KeeperException(ErrorCode.SystemError, path, message);

/// <summary>A runtime inconsistency was found (also: an operation after the failing one in a transaction). (<see cref="ErrorCode.RuntimeInconsistency"/>)</summary>
/// <param name="path">The client-side path of the failed request, if any.</param>
/// <param name="message">A message replacing the default one naming the code and path.</param>
public sealed class RuntimeInconsistencyException(string? path = null, string? message = null) : KeeperException(ErrorCode.RuntimeInconsistency, path, message);

/// <summary>A data inconsistency was found. (<see cref="ErrorCode.DataInconsistency"/>)</summary>
/// <param name="path">The client-side path of the failed request, if any.</param>
/// <param name="message">A message replacing the default one naming the code and path.</param>
public sealed class DataInconsistencyException(string? path = null, string? message = null) : KeeperException(ErrorCode.DataInconsistency, path, message);

/// <summary>The connection to the server was lost before the reply arrived; the request may or may not have been applied. (<see cref="ErrorCode.ConnectionLoss"/>)</summary>
/// <param name="path">The client-side path of the failed request, if any.</param>
/// <param name="message">A message replacing the default one naming the code and path.</param>
public sealed class ConnectionLossException(string? path = null, string? message = null) : KeeperException(ErrorCode.ConnectionLoss, path, message);

/// <summary>A record could not be encoded or decoded. (<see cref="ErrorCode.MarshallingError"/>)</summary>
/// <param name="path">The client-side path of the failed request, if any.</param>
/// <param name="message">A message replacing the default one naming the code and path.</param>
public sealed class MarshallingErrorException(string? path = null, string? message = null) : KeeperException(ErrorCode.MarshallingError, path, message);

/// <summary>The server does not implement the operation. (<see cref="ErrorCode.Unimplemented"/>)</summary>
/// <param name="path">The client-side path of the failed request, if any.</param>
/// <param name="message">A message replacing the default one naming the code and path.</param>
public sealed class UnimplementedException(string? path = null, string? message = null) : KeeperException(ErrorCode.Unimplemented, path, message);

/// <summary>The operation timed out. (<see cref="ErrorCode.OperationTimeout"/>)</summary>
/// <param name="path">The client-side path of the failed request, if any.</param>
/// <param name="message">A message replacing the default one naming the code and path.</param>
public sealed class OperationTimeoutException(string? path = null, string? message = null) : KeeperException(ErrorCode.OperationTimeout, path, message);

/// <summary>The request's arguments were invalid. (<see cref="ErrorCode.BadArguments"/>)</summary>
/// <param name="path">The client-side path of the failed request, if any.</param>
/// <param name="message">A message replacing the default one naming the code and path.</param>
public sealed class BadArgumentsException(string? path = null, string? message = null) : KeeperException(ErrorCode.BadArguments, path, message);

/// <summary>The session is not known to the server. (<see cref="ErrorCode.UnknownSession"/>)</summary>
/// <param name="path">The client-side path of the failed request, if any.</param>
/// <param name="message">A message replacing the default one naming the code and path.</param>
public sealed class UnknownSessionException(string? path = null, string? message = null) : KeeperException(ErrorCode.UnknownSession, path, message);

/// <summary>A reconfiguration found no quorum in the new configuration. (<see cref="ErrorCode.NewConfigNoQuorum"/>)</summary>
/// <param name="path">The client-side path of the failed request, if any.</param>
/// <param name="message">A message replacing the default one naming the code and path.</param>
public sealed class NewConfigNoQuorumException(string? path = null, string? message = null) : KeeperException(ErrorCode.NewConfigNoQuorum, path, message);

/// <summary>Another reconfiguration is in progress. (<see cref="ErrorCode.ReconfigInProgress"/>)</summary>
/// <param name="path">The client-side path of the failed request, if any.</param>
/// <param name="message">A message replacing the default one naming the code and path.</param>
public sealed class ReconfigInProgressException(string? path = null, string? message = null) : KeeperException(ErrorCode.ReconfigInProgress, path, message);

/// <summary>A generic API error. (<see cref="ErrorCode.ApiError"/>)</summary>
/// <param name="path">The client-side path of the failed request, if any.</param>
/// <param name="message">A message replacing the default one naming the code and path.</param>
public sealed class ApiErrorException(string? path = null, string? message = null) : KeeperException(ErrorCode.ApiError, path, message);

/// <summary>The znode (or its parent, for a create) does not exist. (<see cref="ErrorCode.NoNode"/>)</summary>
/// <param name="path">The client-side path of the failed request, if any.</param>
/// <param name="message">A message replacing the default one naming the code and path.</param>
public sealed class NoNodeException(string? path = null, string? message = null) : KeeperException(ErrorCode.NoNode, path, message);

/// <summary>The session lacks the permission the node's ACL requires. (<see cref="ErrorCode.NoAuth"/>)</summary>
/// <param name="path">The client-side path of the failed request, if any.</param>
/// <param name="message">A message replacing the default one naming the code and path.</param>
public sealed class NoAuthException(string? path = null, string? message = null) : KeeperException(ErrorCode.NoAuth, path, message);

/// <summary>The expected version did not match the node's version. (<see cref="ErrorCode.BadVersion"/>)</summary>
/// <param name="path">The client-side path of the failed request, if any.</param>
/// <param name="message">A message replacing the default one naming the code and path.</param>
public sealed class BadVersionException(string? path = null, string? message = null) : KeeperException(ErrorCode.BadVersion, path, message);

/// <summary>Ephemeral nodes cannot have children. (<see cref="ErrorCode.NoChildrenForEphemerals"/>)</summary>
/// <param name="path">The client-side path of the failed request, if any.</param>
/// <param name="message">A message replacing the default one naming the code and path.</param>
public sealed class NoChildrenForEphemeralsException(string? path = null, string? message = null) : KeeperException(ErrorCode.NoChildrenForEphemerals, path, message);

/// <summary>The znode already exists. (<see cref="ErrorCode.NodeExists"/>)</summary>
/// <param name="path">The client-side path of the failed request, if any.</param>
/// <param name="message">A message replacing the default one naming the code and path.</param>
public sealed class NodeExistsException(string? path = null, string? message = null) : KeeperException(ErrorCode.NodeExists, path, message);

/// <summary>The znode has children and cannot be deleted. (<see cref="ErrorCode.NotEmpty"/>)</summary>
/// <param name="path">The client-side path of the failed request, if any.</param>
/// <param name="message">A message replacing the default one naming the code and path.</param>
public sealed class NotEmptyException(string? path = null, string? message = null) : KeeperException(ErrorCode.NotEmpty, path, message);

/// <summary>The session has expired: its ephemeral nodes and watches are gone. (<see cref="ErrorCode.SessionExpired"/>)</summary>
/// <param name="path">The client-side path of the failed request, if any.</param>
/// <param name="message">A message replacing the default one naming the code and path.</param>
public sealed class SessionExpiredException(string? path = null, string? message = null) : KeeperException(ErrorCode.SessionExpired, path, message);

/// <summary>An invalid callback was specified. (<see cref="ErrorCode.InvalidCallback"/>)</summary>
/// <param name="path">The client-side path of the failed request, if any.</param>
/// <param name="message">A message replacing the default one naming the code and path.</param>
public sealed class InvalidCallbackException(string? path = null, string? message = null) : KeeperException(ErrorCode.InvalidCallback, path, message);

/// <summary>The ACL is invalid (empty, or an unknown scheme or malformed id). (<see cref="ErrorCode.InvalidAcl"/>)</summary>
/// <param name="path">The client-side path of the failed request, if any.</param>
/// <param name="message">A message replacing the default one naming the code and path.</param>
public sealed class InvalidAclException(string? path = null, string? message = null) : KeeperException(ErrorCode.InvalidAcl, path, message);

/// <summary>Authentication failed; the client cannot be used any more. (<see cref="ErrorCode.AuthFailed"/>)</summary>
/// <param name="path">The client-side path of the failed request, if any.</param>
/// <param name="message">A message replacing the default one naming the code and path.</param>
public sealed class AuthFailedException(string? path = null, string? message = null) : KeeperException(ErrorCode.AuthFailed, path, message);

/// <summary>The session moved to another server. (<see cref="ErrorCode.SessionMoved"/>)</summary>
/// <param name="path">The client-side path of the failed request, if any.</param>
/// <param name="message">A message replacing the default one naming the code and path.</param>
public sealed class SessionMovedException(string? path = null, string? message = null) : KeeperException(ErrorCode.SessionMoved, path, message);

/// <summary>A write was sent to a read-only server. (<see cref="ErrorCode.NotReadOnly"/>)</summary>
/// <param name="path">The client-side path of the failed request, if any.</param>
/// <param name="message">A message replacing the default one naming the code and path.</param>
public sealed class NotReadOnlyException(string? path = null, string? message = null) : KeeperException(ErrorCode.NotReadOnly, path, message);

/// <summary>Ephemeral nodes cannot be created by a local session. (<see cref="ErrorCode.EphemeralOnLocalSession"/>)</summary>
/// <param name="path">The client-side path of the failed request, if any.</param>
/// <param name="message">A message replacing the default one naming the code and path.</param>
public sealed class EphemeralOnLocalSessionException(string? path = null, string? message = null) : KeeperException(ErrorCode.EphemeralOnLocalSession, path, message);

/// <summary>No such watcher is registered for the path. (<see cref="ErrorCode.NoWatcher"/>)</summary>
/// <param name="path">The client-side path of the failed request, if any.</param>
/// <param name="message">A message replacing the default one naming the code and path.</param>
public sealed class NoWatcherException(string? path = null, string? message = null) : KeeperException(ErrorCode.NoWatcher, path, message);

/// <summary>The request timed out. (<see cref="ErrorCode.RequestTimeout"/>)</summary>
/// <param name="path">The client-side path of the failed request, if any.</param>
/// <param name="message">A message replacing the default one naming the code and path.</param>
public sealed class RequestTimeoutException(string? path = null, string? message = null) : KeeperException(ErrorCode.RequestTimeout, path, message);

/// <summary>Dynamic reconfiguration is disabled. (<see cref="ErrorCode.ReconfigDisabled"/>)</summary>
/// <param name="path">The client-side path of the failed request, if any.</param>
/// <param name="message">A message replacing the default one naming the code and path.</param>
public sealed class ReconfigDisabledException(string? path = null, string? message = null) : KeeperException(ErrorCode.ReconfigDisabled, path, message);

/// <summary>The session was closed because SASL authentication is required. (<see cref="ErrorCode.SessionClosedRequireSaslAuth"/>)</summary>
/// <param name="path">The client-side path of the failed request, if any.</param>
/// <param name="message">A message replacing the default one naming the code and path.</param>
public sealed class SessionClosedRequireSaslAuthException(string? path = null, string? message = null) : KeeperException(ErrorCode.SessionClosedRequireSaslAuth, path, message);

/// <summary>A quota was exceeded. (<see cref="ErrorCode.QuotaExceeded"/>)</summary>
/// <param name="path">The client-side path of the failed request, if any.</param>
/// <param name="message">A message replacing the default one naming the code and path.</param>
public sealed class QuotaExceededException(string? path = null, string? message = null) : KeeperException(ErrorCode.QuotaExceeded, path, message);

/// <summary>The server throttled the operation. (<see cref="ErrorCode.ThrottledOp"/>)</summary>
/// <param name="path">The client-side path of the failed request, if any.</param>
/// <param name="message">A message replacing the default one naming the code and path.</param>
public sealed class ThrottledOpException(string? path = null, string? message = null) : KeeperException(ErrorCode.ThrottledOp, path, message);
