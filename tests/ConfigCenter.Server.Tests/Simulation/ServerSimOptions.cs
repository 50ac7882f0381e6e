using ConfigCenter.Consensus.Tests.Simulation;

namespace ConfigCenter.Server.Tests.Simulation;

/// <summary>
/// The shape of one server-level run, drawn from its seed (swarm testing): the ensemble, how many clients,
/// how hostile the network and the disks are, how often servers crash, pause or get cut off. Times are
/// simulated milliseconds.
/// </summary>
internal sealed record ServerSimOptions
{
    public required int Voters { get; init; }
    public required int Observers { get; init; }
    public required int Clients { get; init; }
    public required int FaultMs { get; init; }

    /// <summary>Chance that a peer message breaks its connection (lost with everything behind it on that link).</summary>
    public required double LinkBreakRate { get; init; }

    /// <summary>Zab messages only: chance to be delivered twice, and to be much later than usual (which reorders them).</summary>
    public required double DuplicateRate { get; init; }
    public required double SlowMessageRate { get; init; }

    public required int DelayMaxMs { get; init; }
    public required double CrashPerTick { get; init; }
    public required int DowntimeMaxMs { get; init; }

    /// <summary>Chance to crash right before or after storing a snapshot install, a truncation or new epochs.</summary>
    public required double SyncCrashRate { get; init; }

    public required double PausePerTick { get; init; }
    public required double PartitionPerTick { get; init; }
    public required int PartitionMaxMs { get; init; }

    /// <summary>Chance per tick that a client is cut off from one server for a while.</summary>
    public required double ClientCutPerTick { get; init; }

    public required double SnapshotPerTick { get; init; }
    public required int InitLimitTicks { get; init; }
    public required int SyncLimitTicks { get; init; }

    /// <summary>Per server: the largest disk latency (slow disks included).</summary>
    public required int[] DiskLatencyMaxMs { get; init; }

    /// <summary>Mean time between a client's actions.</summary>
    public required int ClientThinkMs { get; init; }

    /// <summary>Per client action: chance to vanish for good (its session must then expire), and to close its session.</summary>
    public required double VanishRate { get; init; }
    public required double CloseSessionRate { get; init; }

    /// <summary>Chance that a log write fails (a full disk, an I/O error) instead of completing: the process lives on, its replica starts over.</summary>
    public required double LogFailureRate { get; init; }

    public static ServerSimOptions FromSeed(SimRandom rng)
    {
        var (voters, observers) = rng.Next(100) switch
        {
            < 45 => (3, 0),
            < 65 => (5, 0),
            < 80 => (3, 1),
            < 90 => (4, 1),
            _ => (1, 1),
        };
        var calm = rng.Chance(0.15);
        var disks = new int[voters + observers];
        for (var i = 0; i < disks.Length; i++) disks[i] = rng.Chance(0.15) ? rng.Next(40, 300) : rng.Next(2, 12);
        return new ServerSimOptions
        {
            Voters = voters,
            Observers = observers,
            Clients = rng.Next(2, 7),
            FaultMs = rng.Next(4_000, 12_000),
            LinkBreakRate = calm || rng.Chance(0.4) ? 0 : rng.NextDouble() * 0.02,
            DuplicateRate = calm || rng.Chance(0.4) ? 0 : rng.NextDouble() * 0.2,
            SlowMessageRate = calm ? 0 : rng.NextDouble() * 0.05,
            DelayMaxMs = rng.Next(2, 25),
            CrashPerTick = calm ? 0 : rng.NextDouble() * 0.02,
            DowntimeMaxMs = rng.Next(100, 3_000),
            SyncCrashRate = calm ? 0 : rng.NextDouble() * 0.1,
            PausePerTick = calm || rng.Chance(0.5) ? 0 : rng.NextDouble() * 0.01,
            PartitionPerTick = calm ? 0 : rng.NextDouble() * 0.02,
            PartitionMaxMs = rng.Next(300, 4_000),
            ClientCutPerTick = calm ? 0 : rng.NextDouble() * 0.03,
            SnapshotPerTick = rng.NextDouble() * 0.03,
            InitLimitTicks = rng.Next(4, 13),
            SyncLimitTicks = rng.Next(2, 7),
            DiskLatencyMaxMs = disks,
            ClientThinkMs = rng.Next(10, 120),
            VanishRate = rng.Chance(0.5) ? 0 : rng.NextDouble() * 0.004,
            CloseSessionRate = rng.NextDouble() * 0.01,
            LogFailureRate = calm || rng.Chance(0.6) ? 0 : rng.NextDouble() * 0.01,
        };
    }

    public override string ToString() =>
        $"voters={Voters} observers={Observers} clients={Clients} faultMs={FaultMs} linkBreak={LinkBreakRate:F3} dup={DuplicateRate:F2} slowMsg={SlowMessageRate:F3} " +
        $"delay<={DelayMaxMs} crash/tick={CrashPerTick:F3} downtime<={DowntimeMaxMs} syncCrash={SyncCrashRate:F3} pause/tick={PausePerTick:F3} " +
        $"partition/tick={PartitionPerTick:F3} partition<={PartitionMaxMs} clientCut/tick={ClientCutPerTick:F3} snapshot/tick={SnapshotPerTick:F3} " +
        $"initLimit={InitLimitTicks} syncLimit={SyncLimitTicks} disks=[{string.Join(",", DiskLatencyMaxMs)}] think={ClientThinkMs} vanish={VanishRate:F4} close={CloseSessionRate:F3} logFailure={LogFailureRate:F3}";
}
