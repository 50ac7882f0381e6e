namespace ConfigCenter.Consensus.Tests.Simulation;

/// <summary>One simulated server: its disk survives crashes; the peer and its state machine do not.</summary>
internal sealed class SimHost(int index, PeerId id, bool isVoter, ZabConfig config)
{
    public int Index { get; } = index;
    public PeerId Id { get; } = id;
    public bool IsVoter { get; } = isVoter;
    public ZabConfig Config { get; } = config;
    public SimStorage Storage { get; } = new();

    /// <summary>Null while the server is down.</summary>
    public ZabPeer? Peer { get; set; }

    public SimStateMachine? Machine { get; set; }

    /// <summary>Counts the server's lives; also the peer's incarnation.</summary>
    public int Incarnation { get; set; }

    /// <summary>The last entry of the log, durable or in flight: what the next appended entry follows.</summary>
    public long LogLast { get; set; }

    public int DiskLatencyMin { get; set; } = 1;
    public int DiskLatencyMax { get; set; } = 5;

    /// <summary>Proposals this leader accepted and has not yet seen committed: zxid to payload.</summary>
    public Dictionary<long, byte[]> ClientPending { get; } = [];

    /// <summary>While the simulated time is before this, the server is frozen: its inputs wait.</summary>
    public long PausedUntil { get; set; }

    public bool IsUp => Peer is not null;
}
