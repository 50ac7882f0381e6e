using ConfigCenter.Consensus;
using ConfigCenter.Server.Pipeline;
using ConfigCenter.Server.Quorum;

namespace ConfigCenter.Server.Tests.Simulation;

/// <summary>One simulated ensemble member: its disk survives crashes; the replica and the state machine live one life each.</summary>
internal sealed class SimServer(int index, PeerId id, bool isVoter, ZabConfig config, int diskLatencyMaxMs)
{
    public int Index { get; } = index;
    public PeerId Id { get; } = id;
    public bool IsVoter { get; } = isVoter;
    public ZabConfig Config { get; } = config;
    public SimDisk Disk { get; } = new();
    public int DiskLatencyMaxMs { get; set; } = diskLatencyMaxMs;

    /// <summary>Counts the server's lives; a message or a disk completion of an earlier life is lost.</summary>
    public int Incarnation { get; set; }

    /// <summary>Lives of the Zab core (starts, and restarts after a log failure): the high half of its connection ids, so it must only grow.</summary>
    public long BootCount { get; set; }

    /// <summary>Null while the server is down.</summary>
    public ReplicaCore? Member { get; set; }

    public ZkServerCore? Core { get; set; }

    /// <summary>The write this step's appends join, so one Ready's entries are one disk write.</summary>
    public (long Step, long WriteId) OpenWrite { get; set; }

    /// <summary>While the simulated time is before this, the server is frozen: its inputs wait.</summary>
    public long PausedUntil { get; set; }

    /// <summary>Inputs that arrived while the server was frozen, in arrival order; they run when it wakes, before any later one.</summary>
    public Queue<Action> Deferred { get; } = new();

    /// <summary>Frozen, or still catching up on what arrived while it was.</summary>
    public bool IsHeld(long now) => PausedUntil > now || Deferred.Count > 0;

    /// <summary>The applied zxid the invariants last looked at in this life.</summary>
    public long CheckedZxid { get; set; }

    /// <summary>The replica's status the trace last reported.</summary>
    public PeerStatus LastStatus { get; set; } = PeerStatus.Looking;

    public bool IsUp => Member is not null;

    public bool IsServing => Member is { IsServing: true };
}
