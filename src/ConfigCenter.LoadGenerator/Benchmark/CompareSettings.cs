namespace ConfigCenter.LoadGenerator.Benchmark;

/// <summary>
/// One side-by-side comparison: the phases to run and the parameters of each, identical for both
/// servers. The defaults are the documented run, a few minutes on two cores.
/// </summary>
internal sealed record CompareSettings
{
    public static readonly IReadOnlyList<string> AllPhases =
        ["create", "setData", "getData", "mixed", "watch-fanout", "session-churn", "memory-restart", "leader-failover"];

    /// <summary>
    /// The phases a shape runs by default, which are all it can run: memory and restart are about one server's
    /// process (standalone only), failover needs an ensemble.
    /// </summary>
    public static IReadOnlyList<string> PhasesOf(ClusterShape shape) =>
        AllPhases.Where(phase => phase != (shape == ClusterShape.Standalone ? "leader-failover" : "memory-restart")).ToList();

    /// <summary>The phases asked for (--phases), or all of the shape's when none were.</summary>
    /// <exception cref="FormatException">A phase is unknown, or one the shape cannot run.</exception>
    public static IReadOnlyList<string> ChoosePhases(ClusterShape shape, IReadOnlyList<string>? asked)
    {
        var possible = PhasesOf(shape);
        // Without --phases the option binds to an empty list, not null.
        if (asked is null or { Count: 0 }) return possible;
        var unknown = asked.Except(AllPhases).ToList();
        if (unknown.Count > 0) throw new FormatException($"unknown phase {string.Join(", ", unknown)}; phases are {string.Join(", ", AllPhases)}");
        var misplaced = asked.Except(possible).ToList();
        if (misplaced.Count > 0) throw new FormatException($"--shape {shape.Name()} cannot run {string.Join(", ", misplaced)}; it runs {string.Join(", ", possible)}");
        return asked;
    }

    public required ServerSetup Setup { get; init; }

    public ClusterShape Shape { get; init; } = ClusterShape.Standalone;

    /// <summary>Which phases, in order; each runs on fresh servers of each kind in turn.</summary>
    public IReadOnlyList<string> Phases { get; init; } = PhasesOf(ClusterShape.Standalone);

    /// <summary>For create, setData, getData, mixed and the fill: sessions and requests in flight per session.</summary>
    public int Connections { get; init; } = 32;

    public int Outstanding { get; init; } = 100;

    public int DataSize { get; init; } = 100;

    /// <summary>Measured seconds of create, setData, getData, mixed and session-churn, after the warm-up.</summary>
    public double DurationSeconds { get; init; } = 6;

    public double WarmupSeconds { get; init; } = 2;

    /// <summary>Keys setData, getData and mixed pick from (created before the measurement).</summary>
    public long Keys { get; init; } = 10_000;

    public double ReadRatio { get; init; } = 0.9;

    public int Watchers { get; init; } = 1000;

    public int Rounds { get; init; } = 100;

    public int WarmupRounds { get; init; } = 5;

    /// <summary>Concurrent connect-create-close loops of session-churn.</summary>
    public int Churners { get; init; } = 16;

    /// <summary>Znodes of the memory-per-znode fill, which the restart then recovers.</summary>
    public long Znodes { get; init; } = 1_000_000;

    public double SettleSeconds { get; init; } = 5;

    /// <summary>Rounds of leader-failover, each on a fresh ensemble.</summary>
    public int FailoverRounds { get; init; } = 5;

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromMinutes(3);
}
