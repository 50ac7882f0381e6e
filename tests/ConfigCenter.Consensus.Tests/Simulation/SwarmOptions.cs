namespace ConfigCenter.Consensus.Tests.Simulation;

/// <summary>
/// The shape of one simulated run, drawn from its seed (TigerBeetle's "swarm testing"): some seeds
/// are calm, some lose a third of their messages, some crash peers every few ticks, some have one
/// very slow disk; the ensemble itself varies. Times are in simulator units; a tick is
/// <see cref="Simulation.TickUnits"/> units.
/// </summary>
internal sealed record SwarmOptions
{
    public required int Voters { get; init; }
    public required int Observers { get; init; }
    public required int FaultTicks { get; init; }
    public required double LossRate { get; init; }
    public required double DuplicateRate { get; init; }
    public required int DelayMin { get; init; }
    public required int DelayMax { get; init; }

    /// <summary>Chance that a message takes far longer than usual (up to a few ticks), which also reorders it.</summary>
    public required double SlowMessageRate { get; init; }

    public required double CrashPerTick { get; init; }
    public required int DowntimeMaxTicks { get; init; }

    /// <summary>Chance to crash right before or right after storing a Ready that changes epochs or cuts the log.</summary>
    public required double SyncCrashRate { get; init; }

    /// <summary>Chance per tick to freeze a server (a GC pause, SIGSTOP): no ticks, no input, then it resumes where it was.</summary>
    public required double PausePerTick { get; init; }

    public required double PartitionPerTick { get; init; }
    public required int PartitionMaxTicks { get; init; }
    public required double CompactPerTick { get; init; }
    public required double ProposalsPerTick { get; init; }

    /// <summary>The protocol's limits: short ones make elections and resyncs frequent.</summary>
    public required int InitLimitTicks { get; init; }
    public required int SyncLimitTicks { get; init; }

    /// <summary>Per host: the largest disk latency in units (slow disks included).</summary>
    public required int[] DiskLatencyMax { get; init; }

    /// <summary>Chance that a server's shell notices a crash or a cut link as a broken connection (the PeerUnreachable hint).</summary>
    public required double HintRate { get; init; }

    /// <summary>Chance per tick of a wrong hint: a live, connected peer reported unreachable (safety must not care).</summary>
    public required double FalseHintPerTick { get; init; }

    public static SwarmOptions FromSeed(SimRandom rng)
    {
        var (voters, observers) = rng.Next(100) switch
        {
            < 35 => (3, 0),
            < 55 => (5, 0),
            < 70 => (4, 1),
            < 80 => (3, 2),
            < 90 => (5, 2),
            < 95 => (2, 0),
            _ => (1, 1),
        };
        var calm = rng.Chance(0.15);
        var disks = new int[voters + observers];
        for (var i = 0; i < disks.Length; i++) disks[i] = rng.Chance(0.15) ? rng.Next(20, 90) : rng.Next(2, 8);
        return new SwarmOptions
        {
            Voters = voters,
            Observers = observers,
            FaultTicks = rng.Next(80, 250),
            LossRate = calm ? 0 : rng.Chance(0.3) ? 0 : rng.NextDouble() * 0.3,
            DuplicateRate = calm ? 0 : rng.Chance(0.4) ? 0 : rng.NextDouble() * 0.3,
            DelayMin = 1,
            DelayMax = rng.Next(2, 10),
            SlowMessageRate = calm ? 0 : rng.NextDouble() * 0.05,
            CrashPerTick = calm ? 0 : rng.NextDouble() * 0.04,
            DowntimeMaxTicks = rng.Next(3, 60),
            SyncCrashRate = calm ? 0 : rng.NextDouble() * 0.1,
            PausePerTick = calm || rng.Chance(0.5) ? 0 : rng.NextDouble() * 0.03,
            PartitionPerTick = calm ? 0 : rng.NextDouble() * 0.05,
            PartitionMaxTicks = rng.Next(5, 80),
            CompactPerTick = rng.NextDouble() * 0.05,
            ProposalsPerTick = 0.2 + rng.NextDouble() * 3,
            InitLimitTicks = rng.Next(4, 13),
            SyncLimitTicks = rng.Next(2, 7),
            DiskLatencyMax = disks,
            HintRate = rng.Chance(0.2) ? 0 : rng.NextDouble(),
            FalseHintPerTick = calm ? 0 : rng.NextDouble() * 0.05,
        };
    }

    public override string ToString() =>
        $"voters={Voters} observers={Observers} faultTicks={FaultTicks} loss={LossRate:F2} dup={DuplicateRate:F2} delay={DelayMin}-{DelayMax} " +
        $"slowMsg={SlowMessageRate:F3} crash/tick={CrashPerTick:F3} downtime<={DowntimeMaxTicks} syncCrash={SyncCrashRate:F3} " +
        $"pause/tick={PausePerTick:F3} partition/tick={PartitionPerTick:F3} partition<={PartitionMaxTicks} compact/tick={CompactPerTick:F3} proposals/tick={ProposalsPerTick:F2} " +
        $"initLimit={InitLimitTicks} syncLimit={SyncLimitTicks} disks=[{string.Join(",", DiskLatencyMax)}] hint={HintRate:F2} falseHint/tick={FalseHintPerTick:F3}";
}
