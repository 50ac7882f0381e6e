using ConfigCenter.Consensus;
using ConfigCenter.Consensus.Election;
using ConfigCenter.Consensus.Messages;
using ConfigCenter.Consensus.Storage;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Server.Quorum.Messages;

namespace ConfigCenter.Server.Tests.Quorum;

/// <summary>At least one instance of every message between servers, with the edge cases of each field.</summary>
internal static class SampleMessages
{
    private static readonly LogEntry[] TwoEntries = [new(0x1_0000_0001, [1, 2, 3]), new(0x1_0000_0002, [])];

    public static IEnumerable<(string Name, object Message)> All()
    {
        yield return ("notification", new Notification(new Vote(new PeerId(3), 0x2_0000_0007, 2), 5, PeerRole.Looking));
        yield return ("notification for nobody", new Notification(Vote.Nobody, long.MaxValue, PeerRole.Observing));
        yield return ("notification of a leader", new Notification(new Vote(new PeerId(-1), long.MinValue, 0), 0, PeerRole.Leading));
        yield return ("follower info", new FollowerInfo(0x5_0000_0001, 4, 0x4_0000_00ff));
        yield return ("new epoch", new NewEpoch(7, 11, LeaderEstablished: false));
        yield return ("new epoch, established", new NewEpoch(7, 11, LeaderEstablished: true));
        yield return ("ack epoch", new AckEpoch(7, 11, 6, 0x6_0000_0003));
        yield return ("sync diff, no entries", new Sync(7, 11, SyncMode.Diff, 5, 0, null, [], 0x7_0000_0000, 5));
        yield return ("sync trunc", new Sync(7, 11, SyncMode.Trunc, 0x1_0000_0001, 0x1_0000_0001, null, TwoEntries, 0x7_0000_0000, -1));
        yield return ("sync snap", new Sync(7, 11, SyncMode.Snap, 9, 0, new ZabSnapshot(9, [9, 8, 7, 6]), TwoEntries, 0x7_0000_0000, 9));
        yield return ("sync empty snapshot", new Sync(7, 11, SyncMode.Snap, 0, 0, ZabSnapshot.Empty, [], 0, 0));
        yield return ("ack new leader", new AckNewLeader(7, 11, 0x7_0000_0000));
        yield return ("up to date", new UpToDate(7, 11, 0x7_0000_0000));
        yield return ("proposal, one entry", new Proposal(7, 11, 0x7_0000_0000, [new LogEntry(0x7_0000_0001, new byte[300])]));
        yield return ("proposal, two entries", new Proposal(7, 11, 0x1_0000_0000, TwoEntries));
        yield return ("proposal, no entries", new Proposal(7, 11, 0, []));
        yield return ("ack", new Ack(7, 11, 0x7_0000_0001));
        yield return ("commit", new Commit(7, 11, 0x7_0000_0001));
        yield return ("inform", new Inform(7, 11, 0x1_0000_0000, TwoEntries));
        yield return ("inform, no entries", new Inform(7, 11, 0, []));
        yield return ("ping", new Ping(7, 11, 0x7_0000_0001));
        yield return ("ping ack", new PingAck(7, 11, -1, 0));
        yield return ("forwarded create", new ForwardedRequest(0x1234_5678_9abc_def0, 42, OpCode.Create, [0, 0, 0, 4, 47, 97, 98, 99],
            [new Id("ip", "127.0.0.1"), new Id("digest", "über:hash=")]));
        yield return ("forwarded create session", new ForwardedRequest(0, 0, OpCode.CreateSession, [0, 0, 0x75, 0x30], []));
        yield return ("forwarded sync, empty body", new ForwardedRequest(-1, int.MinValue, OpCode.Sync, [], [new Id("", "")]));
        yield return ("session touches", new SessionTouches([1, long.MaxValue, long.MinValue]));
        yield return ("session touches, none", new SessionTouches([]));
        yield return ("sync reached", new SyncReached(0x1234, int.MaxValue, 0x7_0000_0001));
    }
}
