namespace ConfigCenter.LoadGenerator.Measurement;

/// <summary>The outcome of one run, as printed in its JSON line. Latencies in milliseconds.</summary>
internal sealed record RunResult
{
    public required string Workload { get; init; }
    public required string Server { get; init; }
    public required string Connect { get; init; }
    public required int Connections { get; init; }
    public required int Outstanding { get; init; }
    public required int TotalOutstanding { get; init; }
    public required int DataSize { get; init; }

    /// <summary>Successful replies to requests sent after the warm-up and answered within the run.</summary>
    public required long Ops { get; init; }

    /// <summary>Error replies plus requests lost with a connection, warm-up included.</summary>
    public required long Errors { get; init; }

    /// <summary>Connections that ended before the run did.</summary>
    public required int FailedConnections { get; init; }

    public required double Seconds { get; init; }
    public required double Throughput { get; init; }
    public required double P50Ms { get; init; }
    public required double P99Ms { get; init; }
    public required double P999Ms { get; init; }
    public required double MaxMs { get; init; }
    public required double MeanMs { get; init; }
    public required IReadOnlyDictionary<string, long> ErrorsByCode { get; init; }

    /// <summary>Bytes this process allocated while the load ran, per reply: shows the tool's own overhead stays small.</summary>
    public required double ClientAllocatedBytesPerRequest { get; init; }
    public string? FirstFailure { get; init; }
    public required DateTimeOffset StartedAt { get; init; }

    // Figures of single workloads; absent from the other workloads' lines.

    /// <summary>watch-fanout: sessions each holding a data watch on the one node.</summary>
    public int? Watchers { get; init; }

    /// <summary>watch-fanout: measured rounds (write, then every watcher notified), the latencies' sample count.</summary>
    public int? Rounds { get; init; }

    /// <summary>memory-per-znode and restart: znodes the figure is about.</summary>
    public long? Znodes { get; init; }

    /// <summary>memory-per-znode: the server's VmRSS before the fill and after it plus the settle time.</summary>
    public long? RssBeforeBytes { get; init; }

    public long? RssAfterBytes { get; init; }

    /// <summary>memory-per-znode: (RSS after − RSS before) / znodes created.</summary>
    public double? BytesPerZnode { get; init; }

    /// <summary>restart: from spawning the server on the data of a kill -9 until a new session's getData of the last znode answers.</summary>
    public double? RestartSeconds { get; init; }

    /// <summary>leader-failover: every round, in order.</summary>
    public IReadOnlyList<FailoverRound>? FailoverRounds { get; init; }

    /// <summary>leader-failover: median and worst of the rounds' write-unavailability windows.</summary>
    public double? UnavailableMedianMs { get; init; }

    public double? UnavailableMaxMs { get; init; }

    /// <summary>leader-failover: median and worst of the rounds' times from the kill until a surviving member leads.</summary>
    public double? NewLeaderMedianMs { get; init; }

    public double? NewLeaderMaxMs { get; init; }

    /// <summary>
    /// A line for a figure that is not a load of pipelined requests (the restart, the failover): no sessions, latencies
    /// or throughput; the caller sets what it measured with <c>with</c>.
    /// </summary>
    public static RunResult WithoutLoad(string workload, string server, string connect, int dataSize, DateTimeOffset startedAt) => new()
    {
        Workload = workload,
        Server = server,
        Connect = connect,
        Connections = 0,
        Outstanding = 0,
        TotalOutstanding = 0,
        DataSize = dataSize,
        Ops = 0,
        Errors = 0,
        FailedConnections = 0,
        Seconds = 0,
        Throughput = 0,
        P50Ms = 0,
        P99Ms = 0,
        P999Ms = 0,
        MaxMs = 0,
        MeanMs = 0,
        ErrorsByCode = new Dictionary<string, long>(),
        ClientAllocatedBytesPerRequest = 0,
        StartedAt = startedAt,
    };

    /// <summary>The exact command that produced this line (set by the compare command, which runs the tool's command line in-process).</summary>
    public string? Command { get; init; }

    /// <summary>CPU seconds the server process used during the run (set by the compare command, which knows the process).</summary>
    public double? ServerCpuSeconds { get; init; }

    /// <summary>CPU seconds every other process on the machine used meanwhile (the load generator excluded).</summary>
    public double? OtherCpuSeconds { get; init; }
}
