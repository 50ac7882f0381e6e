namespace ConfigCenter.LoadGenerator.Benchmark;

/// <summary>How a side-by-side benchmark starts its servers: executables, where their data goes, the zoo.cfg they share.</summary>
internal sealed record ServerSetup
{
    public required ServerInstallation Installation { get; init; }

    /// <summary>Every server gets a fresh directory under this one, on the disk being measured.</summary>
    public required string WorkDirectory { get; init; }

    public IReadOnlyList<BenchServerKind> Servers { get; init; } = [BenchServerKind.ConfigCenter, BenchServerKind.ZooKeeper];

    public int TickTimeMs { get; init; } = 2000;

    /// <summary>ZooKeeper's default; both servers snapshot after snapCount/2 + random(snapCount/2) transactions.</summary>
    public int SnapCount { get; init; } = 100_000;

    /// <summary>
    /// On a shared machine: before each measured phase, wait (at most this long) until other work has
    /// left the cores nearly idle. Zero does not wait.
    /// </summary>
    public TimeSpan QuietWait { get; init; } = TimeSpan.Zero;

    /// <summary>The share of all cores that may be busy for the machine to count as quiet.</summary>
    public double QuietBusyShare { get; init; } = 0.15;

    /// <summary>Keep the data directories afterwards.</summary>
    public bool KeepData { get; init; }
}
