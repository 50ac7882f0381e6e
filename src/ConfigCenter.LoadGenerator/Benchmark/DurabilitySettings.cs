namespace ConfigCenter.LoadGenerator.Benchmark;

/// <summary>The durability benchmark's shape; the defaults are the documented run.</summary>
internal sealed record DurabilitySettings
{
    /// <summary>The servers, their directories and the zoo.cfg settings they share.</summary>
    public required ServerSetup Setup { get; init; }

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
}
