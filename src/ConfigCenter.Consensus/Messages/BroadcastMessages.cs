using ConfigCenter.Consensus.Storage;

namespace ConfigCenter.Consensus.Messages;

/// <summary>
/// Leader to follower: one or more consecutive proposals. <paramref name="PrevZxid"/> is the zxid of the
/// entry before the first one, so a follower notices a lost or reordered message instead of logging a hole.
/// </summary>
public sealed record Proposal(long Epoch, long Connection, long PrevZxid, IReadOnlyList<LogEntry> Entries) : SessionMessage(Epoch, Connection);

/// <summary>Follower to leader: every entry up to <paramref name="Zxid"/> is durable (acknowledgements are cumulative).</summary>
public sealed record Ack(long Epoch, long Connection, long Zxid) : SessionMessage(Epoch, Connection);

/// <summary>Leader to follower: every entry up to <paramref name="Zxid"/> is committed.</summary>
public sealed record Commit(long Epoch, long Connection, long Zxid) : SessionMessage(Epoch, Connection);

/// <summary>Leader to observer: committed entries, chained like <see cref="Proposal"/>; they are committed as they arrive.</summary>
public sealed record Inform(long Epoch, long Connection, long PrevZxid, IReadOnlyList<LogEntry> Entries) : SessionMessage(Epoch, Connection);

/// <summary>Leader to learner, every tick: the leader is alive; its commit point.</summary>
public sealed record Ping(long Epoch, long Connection, long CommitZxid) : SessionMessage(Epoch, Connection);

/// <summary>
/// Learner to leader: the answer to <see cref="Ping"/>, so the leader can tell whether it still has a quorum.
/// Once the learner is synced it also repeats where its log ends and (followers) what is durable: a lost
/// proposal or acknowledgement is then noticed and made good within a couple of pings.
/// </summary>
/// <param name="LastZxid">The learner's last logged zxid, or -1 before its log is the leader's prefix.</param>
/// <param name="AckedZxid">Follower: every entry up to here is durable (an <see cref="Ack"/>); 0 before NEWLEADER was acknowledged, and for observers.</param>
public sealed record PingAck(long Epoch, long Connection, long LastZxid, long AckedZxid) : SessionMessage(Epoch, Connection);
