using ConfigCenter.Consensus.Messages;
using ConfigCenter.Consensus.Storage;

namespace ConfigCenter.Consensus;

/// <summary>
/// Collects a peer's outputs until the shell takes them. Storage operations are kept in the normal form
/// the <see cref="Ready"/> contract describes (snapshot, truncation, then appends), folding operations on
/// entries the shell has not seen yet; consecutive proposals, informs, commits and acks to the same peer
/// are merged into one message, which is how proposals get batched.
/// </summary>
internal sealed class ReadyBuilder
{
    private readonly int _maxBatchEntries;
    private ZabSnapshot? _snapshot;
    private long? _truncateAfter;
    private HardState? _hardState;
    private List<LogEntry> _entries = [];
    private List<OutboundMessage> _messages = [];
    private List<LogEntry> _committed = [];
    private List<PeerStatus> _statusChanges = [];
    // The position of the last message queued to each peer, and the entry list of a batch that may still grow.
    private readonly Dictionary<PeerId, int> _lastMessageTo = [];
    private readonly Dictionary<int, List<LogEntry>> _openBatches = [];

    public ReadyBuilder(int maxBatchEntries) => _maxBatchEntries = maxBatchEntries;

    public bool HasReady =>
        _snapshot is not null || _truncateAfter is not null || _hardState is not null || _entries.Count > 0
        || _messages.Count > 0 || _committed.Count > 0 || _statusChanges.Count > 0;

    public void InstallSnapshot(ZabSnapshot snapshot)
    {
        // The snapshot replaces the whole log, so nothing queued before it needs to be written; it also
        // holds every entry handed out to apply (it is never older than the applied state), and applying
        // those after installing it would apply them twice.
        _snapshot = snapshot;
        _truncateAfter = null;
        _entries.Clear();
        _committed.Clear();
    }

    public void TruncateAfter(long zxid)
    {
        // Entries the shell has not seen are simply dropped; the shell only has to cut what it has.
        _entries.RemoveAll(e => e.Zxid > zxid);
        if (_snapshot is not null) return;
        _truncateAfter = _truncateAfter is { } earlier ? Math.Min(earlier, zxid) : zxid;
    }

    public void SetHardState(HardState state) => _hardState = state;

    public void Append(LogEntry entry) => _entries.Add(entry);

    public void Committed(LogEntry entry) => _committed.Add(entry);

    public void Status(PeerStatus status) => _statusChanges.Add(status);

    public void Send(PeerId to, ZabMessage message)
    {
        if (_lastMessageTo.TryGetValue(to, out var index) && TryMerge(index, message)) return;
        _lastMessageTo[to] = _messages.Count;
        switch (message)
        {
            case Proposal p:
                var proposalBatch = new List<LogEntry>(p.Entries);
                _openBatches[_messages.Count] = proposalBatch;
                message = p with { Entries = proposalBatch };
                break;
            case Inform i:
                var informBatch = new List<LogEntry>(i.Entries);
                _openBatches[_messages.Count] = informBatch;
                message = i with { Entries = informBatch };
                break;
        }
        _messages.Add(new OutboundMessage(to, message));
    }

    private bool TryMerge(int index, ZabMessage next)
    {
        var queued = _messages[index];
        switch (queued.Message, next)
        {
            case (Proposal q, Proposal p) when SameSession(q, p) && Chains(index, p.PrevZxid, p.Entries.Count):
                _openBatches[index].AddRange(p.Entries);
                return true;
            case (Inform q, Inform i) when SameSession(q, i) && Chains(index, i.PrevZxid, i.Entries.Count):
                _openBatches[index].AddRange(i.Entries);
                return true;
            // Commits and acks are cumulative: a newer one replaces the one not yet sent.
            case (Commit q, Commit c) when SameSession(q, c) && c.Zxid >= q.Zxid:
                _messages[index] = queued with { Message = c };
                return true;
            case (Ack q, Ack a) when SameSession(q, a) && a.Zxid >= q.Zxid:
                _messages[index] = queued with { Message = a };
                return true;
            default:
                return false;
        }
    }

    private bool Chains(int index, long prevZxid, int added)
    {
        var batch = _openBatches[index];
        return batch.Count > 0 && batch[^1].Zxid == prevZxid && batch.Count + added <= _maxBatchEntries;
    }

    private static bool SameSession(SessionMessage a, SessionMessage b) => a.Epoch == b.Epoch && a.Connection == b.Connection;

    public Ready Take()
    {
        var ready = new Ready(_snapshot, _truncateAfter, _hardState, _entries, _messages, _committed, _statusChanges);
        _snapshot = null;
        _truncateAfter = null;
        _hardState = null;
        _entries = [];
        _messages = [];
        _committed = [];
        _statusChanges = [];
        _lastMessageTo.Clear();
        _openBatches.Clear();
        return ready;
    }
}
