namespace ConfigCenter.Consensus.Tests.Simulation;

/// <summary>
/// The parts of the <see cref="Ready"/> contract every simulated shell carries out the same way, with the
/// invariant checks that belong to each: storage first (snapshot, truncation, hard state, then the log
/// append), applying committed entries last. Sending messages in between is the caller's business, as
/// is when writes complete.
/// </summary>
internal static class SimShell
{
    /// <summary>Step 1 and 2: makes the synchronous storage operations durable and queues the append.</summary>
    /// <returns>The id of the queued write, or 0 when there was nothing to append.</returns>
    public static long Store(SimHost host, Ready ready, InvariantChecker checker, long writeCompletesAt, SimStats? stats = null)
    {
        var storage = host.Storage;
        if (ready.SnapshotToInstall is { } snapshot)
        {
            var previousLast = storage.LastDurableZxid;
            var installed = SimStateMachine.FromSnapshot(snapshot);
            checker.OnStateInstalled(host, host.Machine, installed, live: true);
            storage.InstallSnapshot(snapshot);
            host.Machine = installed;
            host.LogLast = snapshot.Zxid;
            checker.OnDurableEntriesRemoved(host, snapshot.Zxid, previousLast);
            if (stats is not null) stats.SnapshotsInstalled++;
        }
        if (ready.TruncateAfterZxid is { } truncateAfter)
        {
            checker.OnTruncate(host, truncateAfter);
            var previousLast = storage.LastDurableZxid;
            storage.Truncate(truncateAfter);
            host.LogLast = Math.Min(host.LogLast, truncateAfter);
            checker.OnDurableEntriesRemoved(host, truncateAfter, previousLast);
            if (stats is not null && storage.LastDurableZxid < previousLast) stats.DurableTruncations++;
        }
        if (ready.HardState is { } hard) storage.Hard = hard;
        if (ready.EntriesToPersist.Count == 0) return 0;
        foreach (var entry in ready.EntriesToPersist)
        {
            checker.OnLogged(host, host.LogLast, entry);
            host.LogLast = entry.Zxid;
        }
        return storage.Enqueue(ready.EntriesToPersist, writeCompletesAt);
    }

    /// <summary>Step 4: applies committed entries (answering the client's proposals) and records status changes.</summary>
    /// <returns>How many of the client's proposals were answered as committed.</returns>
    public static int Apply(SimHost host, Ready ready, InvariantChecker checker)
    {
        var machine = host.Machine!;
        var answered = 0;
        foreach (var entry in ready.CommittedEntries)
        {
            checker.OnApplied(host, machine.Count, machine.Hash, entry);
            machine.Apply(entry);
            if (!host.ClientPending.Remove(entry.Zxid, out var payload)) continue;
            if (!payload.AsSpan().SequenceEqual(entry.Data))
                throw new SimulationFailure($"leader {host.Id} committed other bytes under {Zxid.Format(entry.Zxid)} than it accepted");
            checker.OnClientAcked(entry.Zxid, payload);
            answered++;
        }
        foreach (var status in ready.StatusChanges)
        {
            checker.OnStatus(host, status);
            // Proposals of a leader that stepped down have an unknown fate: the client does not count them.
            if (status is not { Role: PeerRole.Leading, Serving: true }) host.ClientPending.Clear();
        }
        return answered;
    }
}
