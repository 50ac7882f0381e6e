using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Server.DataTree;

/// <summary>What applying one transaction did: the created path, the new stat, or per-op results of a multi.</summary>
internal sealed record TxnResult(OpCode Type, ErrorCode Err, string? Path = null, Stat? Stat = null, IReadOnlyList<TxnResult>? Multi = null);
