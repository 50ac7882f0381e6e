using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Server.Quorum.Messages;

/// <summary>Base of server-to-server messages outside Zab.</summary>
internal abstract record ServerMessage;

/// <summary>
/// Learner to leader: a client's write, createSession (<see cref="OpCode.CreateSession"/>, <paramref name="Body"/> =
/// the 4-byte big-endian timeout), closeSession or sync, to be ordered by the leader.
/// </summary>
internal sealed record ForwardedRequest(long SessionId, int Cxid, OpCode Type, byte[] Body, IReadOnlyList<Id> Identities) : ServerMessage;

/// <summary>Learner to leader, periodically: sessions whose clients were heard since the last report.</summary>
internal sealed record SessionTouches(IReadOnlyList<long> SessionIds) : ServerMessage;

/// <summary>Leader to learner: the answer to a forwarded sync: every proposal up to <paramref name="Zxid"/> was made before it.</summary>
internal sealed record SyncReached(long SessionId, int Cxid, long Zxid) : ServerMessage;
