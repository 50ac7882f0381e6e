using ConfigCenter.Consensus.Election;
using ConfigCenter.Consensus.Messages;
using ConfigCenter.Consensus.Storage;
using ConfigCenter.Consensus.Tests.Simulation;

namespace ConfigCenter.Consensus.Tests.Support;

/// <summary>
/// Peer 1 of a three-voter ensemble, driven message by message as if peer 3 led it. Its shell applies the
/// storage operations of each Ready at once but completes log writes only in <see cref="PersistAll"/>, so
/// a test sees exactly which outputs wait for the disk.
/// </summary>
internal sealed class LearnerDriver
{
    public static readonly PeerId Self = new(1);
    public static readonly PeerId Other = new(2);
    public static readonly PeerId Leader = new(3);

    public LearnerDriver(long acceptedEpoch = 0, long currentEpoch = 0, long committed = 0, params long[] log)
    {
        Storage.Hard = new HardState(acceptedEpoch, currentEpoch);
        if (log.Length > 0) Storage.Complete(Storage.Enqueue(log.Select(z => new LogEntry(z, ScriptedEnsemble.Payload(z))).ToList(), 0));
        Peer = Boot(committed);
    }

    private long _incarnation;

    public SimStorage Storage { get; } = new();
    public ZabPeer Peer { get; private set; }

    /// <summary>Every Ready the peer produced, in order.</summary>
    public List<Ready> Readys { get; } = [];

    /// <summary>The connection the peer opened to the leader (from its FOLLOWERINFO).</summary>
    public long Connection { get; private set; }

    public IEnumerable<ZabMessage> SentToLeader =>
        Readys.SelectMany(r => r.Messages).Where(m => m.To == Leader).Select(m => m.Message);

    /// <summary>Makes the peer decide to follow peer 3, whose leadership has epoch <paramref name="epoch"/>.</summary>
    public void FollowLeader(long epoch)
    {
        var vote = new Vote(Leader, 0, epoch);
        Step(Leader, new Notification(vote, 1, PeerRole.Leading));
        Step(Other, new Notification(vote, 1, PeerRole.Following));
        Connection = SentToLeader.OfType<FollowerInfo>().Last().Connection;
    }

    /// <summary>Leader 3 sends; returns the Readys this produced.</summary>
    public List<Ready> FromLeader(ZabMessage message) => Step(Leader, message);

    public List<Ready> Step(PeerId from, ZabMessage message)
    {
        var before = Readys.Count;
        Peer.Step(from, message);
        Drain();
        return Readys.GetRange(before, Readys.Count - before);
    }

    /// <summary>The disk completes every write in flight.</summary>
    public List<Ready> PersistAll()
    {
        var before = Readys.Count;
        if (Storage.LastPendingWriteId != 0) Storage.Complete(Storage.LastPendingWriteId);
        Peer.PersistDone(Storage.LastDurableZxid);
        Drain();
        return Readys.GetRange(before, Readys.Count - before);
    }

    /// <summary>The server crashes (writes in flight are lost) and starts again from its disk.</summary>
    public void CrashAndRestart()
    {
        Storage.Crash();
        Peer = Boot(Storage.SnapshotZxid);
    }

    private ZabPeer Boot(long committed)
    {
        var config = new ZabConfig(Self, [Self, Other, Leader]);
        var peer = new ZabPeer(config, new PersistentState(Storage.Hard, Storage.LastDurableZxid, committed), Storage, ++_incarnation);
        Peer = peer;
        Drain();
        return peer;
    }

    private void Drain()
    {
        while (Peer.HasReady)
        {
            var ready = Peer.TakeReady();
            if (ready.SnapshotToInstall is { } snapshot) Storage.InstallSnapshot(snapshot);
            if (ready.TruncateAfterZxid is { } zxid) Storage.Truncate(zxid);
            if (ready.HardState is { } hard) Storage.Hard = hard;
            if (ready.EntriesToPersist.Count > 0) Storage.Enqueue(ready.EntriesToPersist, 0);
            Readys.Add(ready);
        }
    }
}
