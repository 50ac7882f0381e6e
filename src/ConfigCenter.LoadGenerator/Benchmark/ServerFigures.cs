using ConfigCenter.LoadGenerator.Measurement;

namespace ConfigCenter.LoadGenerator.Benchmark;

/// <summary>Everything the durability benchmark measured on one server.</summary>
internal sealed record ServerFigures
{
    public required string Server { get; init; }

    /// <summary>(a) create throughput and latency with fsync on.</summary>
    public required RunResult Write { get; init; }

    /// <summary>CPU during the create run (warm-up included), for the server, the load generator and other processes.</summary>
    public required CpuUsage WriteCpu { get; init; }

    /// <summary>(b) creating the dataset.</summary>
    public required RunResult Fill { get; init; }

    /// <summary>CPU during the fill: every one of its requests is counted, so server CPU / ops is the cost of a create.</summary>
    public required CpuUsage FillCpu { get; init; }

    public required long ZnodesAfterFill { get; init; }

    /// <summary>The znode whose getData marks the restarted server as answering.</summary>
    public required string KnownZnode { get; init; }

    /// <summary>From spawning the process after kill -9 to the first successful getData of the known znode.</summary>
    public required double RestartSeconds { get; init; }

    public required long ZnodesAfterRestart { get; init; }

    /// <summary>CPU from spawning the restarted server until it answered.</summary>
    public required CpuUsage RestartCpu { get; init; }

    /// <summary>(c) VmRSS once the fill's sessions are closed and the server has been idle for the settle time.</summary>
    public required long RssAfterFillBytes { get; init; }

    /// <summary>VmRSS the moment the restarted server first answered.</summary>
    public required long RssAtRestartBytes { get; init; }

    /// <summary>VmRSS after the restarted server has been idle for the settle time.</summary>
    public required long RssAfterRestartBytes { get; init; }

    /// <summary>(d) snapshots and logs when the server was killed, and after the restart.</summary>
    public required StorageFootprint StorageAtKill { get; init; }

    public required StorageFootprint StorageAfterRestart { get; init; }

    /// <summary>The server's own log lines about loading, replaying and snapshotting during the restart.</summary>
    public required IReadOnlyList<string> RestartLog { get; init; }
}
