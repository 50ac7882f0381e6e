using ConfigCenter.Consensus.Messages;

namespace ConfigCenter.Consensus.Tests.Simulation;

/// <summary>What runs did: shows that the faults and the sync paths the simulator claims to cover do happen.</summary>
internal sealed class SimStats
{
    public long Runs { get; set; } = 1;
    public long Steps { get; set; }
    public long Ticks { get; set; }
    public long Committed { get; set; }
    public long ClientAcked { get; set; }
    public long EstablishedEpochs { get; set; }
    public long TicksToConverge { get; set; }
    public long Crashes { get; set; }
    public long SyncCrashes { get; set; }
    public long Compactions { get; set; }
    public long Diffs { get; set; }
    public long Truncs { get; set; }
    public long Snaps { get; set; }
    public long SnapshotsInstalled { get; set; }
    public long DurableTruncations { get; set; }

    public void CountSync(Messages.Sync sync)
    {
        switch (sync.Mode)
        {
            case SyncMode.Diff:
                Diffs++;
                break;
            case SyncMode.Trunc:
                Truncs++;
                break;
            case SyncMode.Snap:
                Snaps++;
                break;
        }
    }

    public void Add(SimStats other)
    {
        Runs += other.Runs;
        Steps += other.Steps;
        Ticks += other.Ticks;
        Committed += other.Committed;
        ClientAcked += other.ClientAcked;
        EstablishedEpochs += other.EstablishedEpochs;
        TicksToConverge = Math.Max(TicksToConverge, other.TicksToConverge);
        Crashes += other.Crashes;
        SyncCrashes += other.SyncCrashes;
        Compactions += other.Compactions;
        Diffs += other.Diffs;
        Truncs += other.Truncs;
        Snaps += other.Snaps;
        SnapshotsInstalled += other.SnapshotsInstalled;
        DurableTruncations += other.DurableTruncations;
    }

    public override string ToString() =>
        $"{Runs} runs, {Steps} steps, {Ticks} ticks, {Committed} committed ({ClientAcked} acknowledged to the client), " +
        $"{EstablishedEpochs} established epochs, {Crashes} crashes ({SyncCrashes} at sync boundaries), {Compactions} compactions, " +
        $"syncs delivered: {Diffs} DIFF / {Truncs} TRUNC / {Snaps} SNAP, {SnapshotsInstalled} snapshots installed, " +
        $"{DurableTruncations} truncations of durable entries, slowest convergence after healing {TicksToConverge} ticks";
}
