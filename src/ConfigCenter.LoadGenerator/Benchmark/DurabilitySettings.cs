namespace ConfigCenter.LoadGenerator.Benchmark;

/// <summary>The durability benchmark's shape; the defaults are the documented run.</summary>
internal sealed record DurabilitySettings
{
    public required ServerInstallation Installation { get; init; }

    /// <summary>Every server gets a fresh directory under this one, on the disk being measured.</summary>
    public required string WorkDirectory { get; init; }

    public IReadOnlyList<BenchServerKind> Servers { get; init; } = [BenchServerKind.ConfigCenter, BenchServerKind.ZooKeeper];

    public int TickTimeMs { get; init; } = 2000;

    /// <summary>ZooKeeper's default; both servers snapshot after snapCount/2 + random(snapCount/2) transactions.</summary>
    public int SnapCount { get; init; } = 100_000;

    public int Connections { get; init; } = 32;

    public int Outstanding { get; init; } = 100;

    public int DataSize { get; init; } = 100;

    public TimeSpan WriteWarmup { get; init; } = TimeSpan.FromSeconds(3);

    public TimeSpan WriteDuration { get; init; } = TimeSpan.FromSeconds(15);

    public long FillCount { get; init; } = 1_000_000;

    /// <summary>A fill still running after this long is stopped and reported as incomplete.</summary>
    public TimeSpan FillTimeLimit { get; init; } = TimeSpan.FromMinutes(4);

    /// <summary>Quiet time before memory is read, so background snapshots and GC can finish.</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>
    /// On a shared machine: before each measured phase, wait (at most this long) until other work has
    /// left the cores nearly idle. Zero does not wait.
    /// </summary>
    public TimeSpan QuietWait { get; init; } = TimeSpan.Zero;

    /// <summary>The share of all cores that may be busy for the machine to count as quiet.</summary>
    public double QuietBusyShare { get; init; } = 0.15;

    /// <summary>Keep the data directories afterwards (they hold about a gigabyte per server).</summary>
    public bool KeepData { get; init; }
}
