using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Client.Operations;

/// <summary>The result of one operation of a transaction or a multi-read.</summary>
public abstract record OpResult;

/// <summary>A create succeeded.</summary>
/// <param name="Path">The created path (with its sequence suffix), relative to the chroot.</param>
/// <param name="Stat">The new node's status.</param>
public sealed record CreateResult(string Path, Stat? Stat) : OpResult;

/// <summary>A delete succeeded.</summary>
public sealed record DeleteResult : OpResult;

/// <summary>A setData succeeded.</summary>
/// <param name="Stat">The node's status after the write.</param>
public sealed record SetDataResult(Stat Stat) : OpResult;

/// <summary>A version check passed.</summary>
public sealed record CheckResult : OpResult;

/// <summary>A getData inside a multi-read succeeded.</summary>
/// <param name="Data">The node's bytes (empty for null data).</param>
/// <param name="Stat">The node's status.</param>
public sealed record GetDataResult(byte[] Data, Stat Stat) : OpResult;

/// <summary>A getChildren inside a multi-read succeeded.</summary>
/// <param name="Children">The child names.</param>
public sealed record GetChildrenResult(IReadOnlyList<string> Children) : OpResult;

/// <summary>
/// An operation that failed, or that did not run because another failed. In a failed transaction the
/// operations before the failing one report Ok, the failing one its error, and later ones RuntimeInconsistency.
/// </summary>
/// <param name="Code">The error code.</param>
public sealed record ErrorResult(ErrorCode Code) : OpResult;
