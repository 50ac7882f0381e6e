using ConfigCenter.Consensus;
using ConfigCenter.Consensus.Messages;
using ConfigCenter.Consensus.Storage;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Server.Hosting;
using ConfigCenter.Server.Persistence;
using ConfigCenter.Server.Pipeline;
using ConfigCenter.Server.Quorum.Messages;
using ConfigCenter.Server.Quorum.Storage;
using ConfigCenter.Server.Quorum.Transport;
using ConfigCenter.Storage;
using ConfigCenter.Storage.Log;
using ConfigCenter.Storage.Quorum;
using ConfigCenter.Storage.Recovery;
using ConfigCenter.Storage.Snapshots;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Server.Quorum;

/// <summary>
/// The I/O shell around the Zab core for one ensemble member. Everything here runs on the event loop's
/// thread: it feeds the core ticks, peer messages and durability reports, and carries out each
/// <see cref="Ready"/> in the order its contract demands — rewrite storage, append entries, send,
/// then apply committed transactions to the server's state machine. It is also the state machine's
/// <see cref="IQuorumLink"/>: proposals go to the core, forwarded requests to the leader.
/// </summary>
internal sealed class QuorumReplica : IQuorumLink
{
    private readonly ZabConfig _zabConfig;
    private readonly StorageOptions _storage;
    private readonly CoreEventLoop _loop;
    private readonly ILogger _logger;
    private readonly ZabLogStore _store;
    private ZabPeer _peer;
    private ZkServerCore? _core;
    private PeerTransport? _election;
    private PeerTransport? _peers;
    private PeerStatus _status = PeerStatus.Looking;
    private long _previousSnapshotZxid;

    public QuorumReplica(ZabConfig zabConfig, StorageOptions storage, QuorumRecoveredState recovered, CoreEventLoop loop, ILogger logger)
    {
        _zabConfig = zabConfig;
        _storage = storage;
        _loop = loop;
        _logger = logger;
        _store = new ZabLogStore(recovered.SnapshotZxid, TakeSnapshot);
        _previousSnapshotZxid = recovered.SnapshotZxid;
        foreach (var entry in recovered.Entries) _store.Append(entry);
        Log = new QuorumLog(storage, recovered.LastLoggedZxid, loop, OnDurable, OnLogFailed, logger);
        _peer = new ZabPeer(zabConfig, new PersistentState(recovered.HardState, recovered.LastLoggedZxid, recovered.SnapshotZxid), _store, recovered.Incarnation);
    }

    public QuorumLog Log { get; }

    public ZabPeer Peer => _peer;

    public PeerStatus Status => _status;

    /// <summary>Connects the replica to the state machine and the network; call before the loop runs.</summary>
    public void Attach(ZkServerCore core, PeerTransport election, PeerTransport peers)
    {
        _core = core;
        _election = election;
        _peers = peers;
    }

    public bool IsServing => _status.Serving;

    public bool IsLeader => _status.Role == PeerRole.Leading;

    public string Mode => _status.Role switch
    {
        PeerRole.Leading => "leader",
        PeerRole.Following => "follower",
        PeerRole.Observing => "observer",
        _ => "looking",
    };

    public LeaderView? Leader => _peer.Leader;

    public long NextProposalZxid => _peer.NextProposalZxid ?? throw new InvalidOperationException("only an established leader proposes");

    public void Propose(in TxnHeader header, Txn txn)
    {
        var result = _peer.Propose(TxnRecordCodec.Serialize(header, txn));
        // The state machine prepared the transaction for exactly this zxid; anything else would corrupt every replica.
        if (result.Status != ProposeStatus.Accepted || result.Zxid != header.Zxid)
            throw new InvalidOperationException($"proposal of 0x{header.Zxid:x} was {result.Status} as 0x{result.Zxid:x}");
    }

    public void Forward(ForwardedRequest request)
    {
        if (_status.Leader is { } leader) _peers!.Send(leader, request);
    }

    public void Send(PeerId to, ServerMessage message) => _peers!.Send(to, message);

    /// <summary>One Zab tick: the core's timers, and (as a learner) the report of live sessions to the leader.</summary>
    public void Tick()
    {
        _peer.Tick();
        if (_status is { Serving: true, Leader: { } leader } && !IsLeader)
        {
            var touched = _core!.TakeTouchedSessions();
            if (touched.Count > 0) _peers!.Send(leader, new SessionTouches(touched.ToList()));
        }
    }

    public void OnMessage(PeerId from, object message)
    {
        if (_logger.IsEnabled(LogLevel.Trace)) _logger.LogTrace("From {Peer}: {Message}", from, message);
        var now = _loop.Now;
        switch (message)
        {
            case ZabMessage zab:
                _peer.Step(from, zab);
                break;
            case ForwardedRequest forwarded:
                _core!.OnForwarded(from, forwarded, now);
                break;
            case SessionTouches touches:
                _core!.OnSessionTouches(touches, now);
                break;
            case SyncReached reached when _status.Leader == from:
                _core!.OnSyncReached(reached, now);
                break;
        }
    }

    public void OnPeerDisconnected(PeerId peer)
    {
        if (_logger.IsEnabled(LogLevel.Trace)) _logger.LogTrace("Connection to {Peer} broke", peer);
        _peer.PeerUnreachable(peer);
    }

    /// <summary>Carries out everything the core asked for; runs after each batch of events.</summary>
    public void HandleReady()
    {
        while (_peer.HasReady) Handle(_peer.TakeReady());
    }

    private void Handle(Ready ready)
    {
        var core = _core!;
        var now = _loop.Now;
        long? durableAfterRewrite = null;
        if (ready.SnapshotToInstall is { } snapshot)
        {
            Log.InstallSnapshot(snapshot.Zxid, snapshot.Data);
            _store.ResetTo(snapshot.Zxid);
            var installed = new StorageRecovery(_storage).Recover(reader => TreeImage.Load(reader, _zabConfig.Self.Value, now)).Image
                ?? throw new InvalidOperationException($"the snapshot at zxid 0x{snapshot.Zxid:x} was installed but recovery found none");
            core.InstallState(installed.Tree, installed.Sessions);
            _logger.LogInformation("Installed the leader's snapshot at zxid 0x{Zxid:x}", snapshot.Zxid);
        }
        if (ready.TruncateAfterZxid is { } truncateAfter)
        {
            _logger.LogWarning("Truncating the log after zxid 0x{Zxid:x} at the leader's request", truncateAfter);
            durableAfterRewrite = Log.TruncateAfter(truncateAfter);
            _store.TruncateAfter(truncateAfter);
        }
        if (ready.HardState is { } hard) EpochFiles.Write(_storage.DataDir, hard.AcceptedEpoch, hard.CurrentEpoch);
        foreach (var entry in ready.EntriesToPersist)
        {
            _store.Append(entry);
            Log.Append(entry);
        }
        foreach (var outbound in ready.Messages)
        {
            var channel = outbound.Message is Notification ? _election! : _peers!;
            if (_logger.IsEnabled(LogLevel.Trace)) _logger.LogTrace("To {Peer}: {Message}", outbound.To, outbound.Message);
            channel.Send(outbound.To, outbound.Message);
        }
        foreach (var entry in ready.CommittedEntries)
        {
            var (header, txn) = TxnRecordCodec.Deserialize(entry.Data);
            core.OnCommitted(header, txn, now);
        }
        foreach (var change in ready.StatusChanges)
        {
            if (change == _status) continue;
            _logger.LogInformation("Peer {Self}: {Status}{Reason}", _zabConfig.Self, change,
                change.Role == PeerRole.Looking && _peer.LastLookingReason is { } reason ? $" ({reason})" : "");
            _status = change;
            core.OnQuorumStatus(change.Serving, now);
        }
        // The rewrite flushed what was queued before it; the core learns of it as a fresh input.
        if (durableAfterRewrite is { } durable) _loop.Post(_ => OnDurable(durable));
    }

    private void OnDurable(long zxid)
    {
        _peer.PersistDone(zxid);
        HandleReady();
    }

    private void OnLogFailed(long fromZxid, Exception error)
    {
        // The core believes entries are on their way to disk that never will be. Start it over from what is
        // durable, as after a crash: it rejoins the ensemble and is resynced, and nothing it acknowledged is lost.
        _logger.LogError(error, "The transaction log failed from zxid 0x{Zxid:x}; restarting this peer from its durable state", fromZxid);
        var durable = Log.Restart();
        _store.TruncateAfter(durable);
        _core!.OnQuorumStatus(false, _loop.Now);
        _status = PeerStatus.Looking;
        var hard = EpochFiles.Read(_storage.DataDir);
        var state = new PersistentState(new HardState(hard.AcceptedEpoch, hard.CurrentEpoch), durable, _core.LastZxid);
        _peer = new ZabPeer(_zabConfig, state, _store, BootCounter.Next(_storage.DataDir));
        HandleReady();
    }

    /// <summary>
    /// A snapshot is on disk. The in-memory log keeps the entries since the one before it, so a learner a
    /// little behind the newest snapshot still gets a DIFF rather than the whole tree.
    /// </summary>
    public void OnSnapshotWritten(long zxid)
    {
        _store.CompactUpTo(Math.Min(_previousSnapshotZxid, _core!.LastZxid));
        _previousSnapshotZxid = zxid;
    }

    /// <summary>SNAP for a learner that is too far behind: the applied tree as it is now, serialized exactly.</summary>
    private ZabSnapshot TakeSnapshot()
    {
        var core = _core!;
        var nodes = core.Tree.Nodes.Select(entry => TreeImage.ToSnapshotNode(entry.Key, entry.Value)).ToList();
        var image = new SnapshotWriter(_storage).Serialize(core.LastZxid, TreeImage.Sessions(core.Sessions), nodes);
        return new ZabSnapshot(core.LastZxid, image);
    }
}
