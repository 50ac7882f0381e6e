namespace ConfigCenter.Server.Tests.Simulation;

/// <summary>What runs did: shows that the faults and paths the simulator claims to cover do happen.</summary>
internal sealed class ServerSimStats
{
    public long Runs { get; set; } = 1;
    public long Steps { get; set; }
    public long SimulatedMs { get; set; }
    public long Committed { get; set; }
    public long AckedWrites { get; set; }
    public long Reads { get; set; }
    public long SessionsOpened { get; set; }
    public long SessionsExpired { get; set; }
    public long SessionsClosed { get; set; }
    public long Failovers { get; set; }
    public long RefusedAsBehind { get; set; }
    public long Crashes { get; set; }
    public long RewriteCrashes { get; set; }
    public long LogFailures { get; set; }
    public long Snapshots { get; set; }
    public long SnapshotsInstalled { get; set; }
    public long EstablishedEpochs { get; set; }
    public long MsToConverge { get; set; }

    public void Add(ServerSimStats other)
    {
        Runs += other.Runs;
        Steps += other.Steps;
        SimulatedMs += other.SimulatedMs;
        Committed += other.Committed;
        AckedWrites += other.AckedWrites;
        Reads += other.Reads;
        SessionsOpened += other.SessionsOpened;
        SessionsExpired += other.SessionsExpired;
        SessionsClosed += other.SessionsClosed;
        Failovers += other.Failovers;
        RefusedAsBehind += other.RefusedAsBehind;
        Crashes += other.Crashes;
        RewriteCrashes += other.RewriteCrashes;
        LogFailures += other.LogFailures;
        Snapshots += other.Snapshots;
        SnapshotsInstalled += other.SnapshotsInstalled;
        EstablishedEpochs += other.EstablishedEpochs;
        MsToConverge = Math.Max(MsToConverge, other.MsToConverge);
    }

    public override string ToString() =>
        $"{Runs} runs, {Steps} steps, {SimulatedMs / 1000}s simulated, {Committed} committed transactions, {AckedWrites} acknowledged writes, {Reads} reads, " +
        $"{SessionsOpened} sessions opened ({SessionsExpired} seen expired by their client, {SessionsClosed} closed), {Failovers} failovers with a live session, " +
        $"{RefusedAsBehind} connects refused as behind the client, {Crashes} crashes ({RewriteCrashes} at rewrites), {LogFailures} log write failures, {Snapshots} snapshots written, " +
        $"{SnapshotsInstalled} SNAPs installed, {EstablishedEpochs} established epochs, slowest convergence after healing {MsToConverge}ms";
}
