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
}
