using ConfigCenter.Consensus.Messages;
using ConfigCenter.Consensus.Storage;

namespace ConfigCenter.Consensus.Tests.Simulation;

/// <summary>Short, readable renderings of messages and Readys for the replay trace.</summary>
internal static class TraceFormat
{
    public static string Z(long zxid) => Zxid.Format(zxid);

    public static string Entries(IReadOnlyList<LogEntry> entries) => entries.Count switch
    {
        0 => "[]",
        1 => $"[{Z(entries[0].Zxid)}]",
        2 => $"[{Z(entries[0].Zxid)},{Z(entries[1].Zxid)}]",
        _ => $"[{Z(entries[0].Zxid)}..{Z(entries[^1].Zxid)} ({entries.Count})]",
    };

    public static string Message(ZabMessage message) => message switch
    {
        Notification n => $"Notification(vote={n.Vote} round={n.Round} {n.State})",
        FollowerInfo f => $"FollowerInfo(conn={f.Connection:x} accepted={f.AcceptedEpoch} last={Z(f.LastZxid)})",
        NewEpoch e => $"NewEpoch(e={e.Epoch} conn={e.Connection:x}{(e.LeaderEstablished ? " established" : "")})",
        AckEpoch a => $"AckEpoch(e={a.Epoch} conn={a.Connection:x} current={a.CurrentEpoch} last={Z(a.LastZxid)})",
        Messages.Sync s => $"Sync(e={s.Epoch} conn={s.Connection:x} {s.Mode} prev={Z(s.PrevZxid)}{(s.Mode == SyncMode.Trunc ? " trunc=" + Z(s.TruncateTo) : "")}{(s.Snapshot is { } snap ? " snap=" + Z(snap.Zxid) : "")} {Entries(s.Entries)} newLeader={Z(s.NewLeaderZxid)} commit={Z(s.CommitZxid)})",
        AckNewLeader a => $"AckNewLeader(e={a.Epoch} conn={a.Connection:x} {Z(a.Zxid)})",
        UpToDate u => $"UpToDate(e={u.Epoch} conn={u.Connection:x} commit={Z(u.CommitZxid)})",
        Proposal p => $"Proposal(e={p.Epoch} conn={p.Connection:x} prev={Z(p.PrevZxid)} {Entries(p.Entries)})",
        Ack a => $"Ack(e={a.Epoch} conn={a.Connection:x} {Z(a.Zxid)})",
        Commit c => $"Commit(e={c.Epoch} conn={c.Connection:x} {Z(c.Zxid)})",
        Inform i => $"Inform(e={i.Epoch} conn={i.Connection:x} prev={Z(i.PrevZxid)} {Entries(i.Entries)})",
        Ping p => $"Ping(e={p.Epoch} conn={p.Connection:x} commit={Z(p.CommitZxid)})",
        PingAck p => $"PingAck(e={p.Epoch} conn={p.Connection:x}{(p.LastZxid >= 0 ? $" last={Z(p.LastZxid)} acked={Z(p.AckedZxid)}" : "")})",
        _ => message.ToString(),
    };

    public static string Ready(Ready ready)
    {
        var parts = new List<string>();
        if (ready.SnapshotToInstall is { } snap) parts.Add($"install-snapshot {Z(snap.Zxid)}");
        if (ready.TruncateAfterZxid is { } t) parts.Add($"truncate-after {Z(t)}");
        if (ready.HardState is { } h) parts.Add($"hard-state {h}");
        if (ready.EntriesToPersist.Count > 0) parts.Add($"persist {Entries(ready.EntriesToPersist)}");
        if (ready.CommittedEntries.Count > 0) parts.Add($"apply {Entries(ready.CommittedEntries)}");
        foreach (var status in ready.StatusChanges) parts.Add($"status {status}");
        if (ready.Messages.Count > 0) parts.Add($"send {ready.Messages.Count}");
        return string.Join("; ", parts);
    }
}
