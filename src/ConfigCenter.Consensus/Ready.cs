using ConfigCenter.Consensus.Storage;

namespace ConfigCenter.Consensus;

/// <summary>
/// Everything a peer asks of its shell since the last <see cref="ZabPeer.TakeReady"/>. Handle each Ready
/// completely and in order, before taking the next:
/// <list type="number">
/// <item>Storage, synchronously and durably, in this order: install <see cref="SnapshotToInstall"/>
/// (replacing the state machine and the whole log), cut the log after <see cref="TruncateAfterZxid"/>, write
/// <see cref="HardState"/>. Writes of earlier entries still in flight that these operations remove must be
/// discarded, and never reported to <see cref="ZabPeer.PersistDone"/>.</item>
/// <item>Append <see cref="EntriesToPersist"/> to the log, after the entries of earlier Readys. This may
/// complete asynchronously, in order; report it with <see cref="ZabPeer.PersistDone"/>.</item>
/// <item>Only then send <see cref="Messages"/>: some of them (ACKEPOCH, NEWLEADER's ACK) promise that the
/// hard state of step 1 is on disk.</item>
/// <item>Apply <see cref="CommittedEntries"/> to the state machine, in order. They are always durable already.</item>
/// </list>
/// Messages never depend on <see cref="EntriesToPersist"/> being durable: acknowledgements that need
/// entries on disk are only produced after <see cref="ZabPeer.PersistDone"/> reported them.
/// </summary>
public sealed class Ready
{
    internal Ready(
        ZabSnapshot? snapshotToInstall,
        long? truncateAfterZxid,
        HardState? hardState,
        IReadOnlyList<LogEntry> entriesToPersist,
        IReadOnlyList<OutboundMessage> messages,
        IReadOnlyList<LogEntry> committedEntries,
        IReadOnlyList<PeerStatus> statusChanges)
    {
        SnapshotToInstall = snapshotToInstall;
        TruncateAfterZxid = truncateAfterZxid;
        HardState = hardState;
        EntriesToPersist = entriesToPersist;
        Messages = messages;
        CommittedEntries = committedEntries;
        StatusChanges = statusChanges;
    }

    /// <summary>SNAP from the leader: replace the state machine and the log with this snapshot (the log then ends at its zxid).</summary>
    public ZabSnapshot? SnapshotToInstall { get; }

    /// <summary>TRUNC from the leader: remove every log entry with a greater zxid.</summary>
    public long? TruncateAfterZxid { get; }

    /// <summary>New epochs to write; null when unchanged.</summary>
    public HardState? HardState { get; }

    /// <summary>Entries to append to the log, in zxid order.</summary>
    public IReadOnlyList<LogEntry> EntriesToPersist { get; }

    public IReadOnlyList<OutboundMessage> Messages { get; }

    /// <summary>Entries to apply, in zxid order, each exactly once per state machine lifetime.</summary>
    public IReadOnlyList<LogEntry> CommittedEntries { get; }

    /// <summary>Role, epoch and leader changes in the order they happened; the last one is current.</summary>
    public IReadOnlyList<PeerStatus> StatusChanges { get; }

    public bool IsEmpty =>
        SnapshotToInstall is null && TruncateAfterZxid is null && HardState is null && EntriesToPersist.Count == 0
        && Messages.Count == 0 && CommittedEntries.Count == 0 && StatusChanges.Count == 0;
}
