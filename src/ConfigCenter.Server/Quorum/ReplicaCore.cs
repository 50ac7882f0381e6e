using ConfigCenter.Consensus;
using ConfigCenter.Consensus.Messages;
using ConfigCenter.Consensus.Storage;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Server.Persistence;
using ConfigCenter.Server.Pipeline;
using ConfigCenter.Server.Quorum.Messages;
using ConfigCenter.Server.Quorum.Storage;
using ConfigCenter.Storage.Log;
using ConfigCenter.Storage.Snapshots;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Server.Quorum;

/// <summary>
/// The I/O-free half of an ensemble member, shared by the server's <see cref="QuorumReplica"/> and the
/// simulator: it feeds the Zab core ticks, peer messages and durability reports, and carries out each
/// <see cref="Ready"/> in the order its contract demands — rewrite storage, append entries, send, then
/// apply committed transactions to the server's state machine. It is also the state machine's
/// <see cref="IQuorumLink"/>: proposals go to the Zab core, forwarded requests to the leader. Disk and
/// network are behind <see cref="IReplicaDisk"/> and <see cref="IReplicaNetwork"/>.
/// </summary>
internal sealed class ReplicaCore : IQuorumLink
{
    private readonly ZabConfig _zabConfig;
    private readonly SnapshotWriter _images;
    private readonly IReplicaDisk _disk;
    private readonly IReplicaNetwork _network;
    private readonly ILogger _logger;
    private readonly ZabLogStore _store;
    private ZabPeer _peer;
    private ZkServerCore? _core;
    private long _previousSnapshotZxid;

    /// <param name="images">Serializes the applied tree for a learner that needs a SNAP; only its format settings are used.</param>
    public ReplicaCore(ZabConfig zabConfig, QuorumRecoveredState recovered, SnapshotWriter images, IReplicaDisk disk, IReplicaNetwork network, ILogger logger)
    {
        _zabConfig = zabConfig;
        _images = images;
        _disk = disk;
        _network = network;
        _logger = logger;
        _store = new ZabLogStore(recovered.SnapshotZxid, TakeSnapshot);
        _previousSnapshotZxid = recovered.SnapshotZxid;
        foreach (var entry in recovered.Entries) _store.Append(entry);
        _peer = new ZabPeer(zabConfig, new PersistentState(recovered.HardState, recovered.LastLoggedZxid, recovered.SnapshotZxid), _store, recovered.Incarnation);
    }

    public ZabPeer Peer => _peer;

    public PeerStatus Status { get; private set; } = PeerStatus.Looking;

    /// <summary>Connects the state machine; call before any input.</summary>
    public void Attach(ZkServerCore core) => _core = core;

    public bool IsServing => Status.Serving;

    public bool IsLeader => Status.Role == PeerRole.Leading;

    public string Mode => Status.Role switch
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
        if (Status.Leader is { } leader) _network.Send(leader, request);
    }

    public void Send(PeerId to, ServerMessage message) => _network.Send(to, message);

    /// <summary>One Zab tick: the core's timers, and (as a learner) the report of live sessions to the leader.</summary>
    public void Tick(ServerTime now)
    {
        _peer.Tick();
        HandleReady(now);
        if (Status is { Serving: true, Leader: { } leader } && !IsLeader)
        {
            var touched = _core!.TakeTouchedSessions();
            if (touched.Count > 0) _network.Send(leader, new SessionTouches(touched.ToList()));
        }
    }

    /// <remarks>
    /// Every input to the Zab core is followed at once by its Ready: the state machine must never act on a role the
    /// Zab core already left (a leader that stepped down has no next zxid to propose under).
    /// </remarks>
    public void OnMessage(PeerId from, object message, ServerTime now)
    {
        if (_logger.IsEnabled(LogLevel.Trace)) _logger.LogTrace("From {Peer}: {Message}", from, message);
        switch (message)
        {
            case ZabMessage zab:
                _peer.Step(from, zab);
                HandleReady(now);
                break;
            case ForwardedRequest forwarded:
                _core!.OnForwarded(from, forwarded, now);
                break;
            case SessionTouches touches:
                _core!.OnSessionTouches(touches, now);
                break;
            case SyncReached reached when Status.Leader == from:
                _core!.OnSyncReached(reached, now);
                break;
        }
    }

    public void OnPeerDisconnected(PeerId peer, ServerTime now)
    {
        if (_logger.IsEnabled(LogLevel.Trace)) _logger.LogTrace("Connection to {Peer} broke", peer);
        _peer.PeerUnreachable(peer);
        HandleReady(now);
    }

    /// <summary>The log made every entry up to <paramref name="zxid"/> durable.</summary>
    public void OnDurable(long zxid, ServerTime now)
    {
        _peer.PersistDone(zxid);
        HandleReady(now);
    }

    /// <summary>Carries out everything the Zab core asked for; runs after each batch of inputs.</summary>
    public void HandleReady(ServerTime now)
    {
        while (_peer.HasReady) Handle(_peer.TakeReady(), now);
    }

    /// <summary>
    /// Starts the Zab core over from what is durable, as after a crash (the log failed): the state machine
    /// stops serving, the member rejoins the ensemble and is resynced.
    /// </summary>
    public void Restart(HardState hard, long durableZxid, long incarnation, ServerTime now)
    {
        _store.TruncateAfter(durableZxid);
        _core!.OnQuorumStatus(false, now);
        Status = PeerStatus.Looking;
        _peer = new ZabPeer(_zabConfig, new PersistentState(hard, durableZxid, _core.LastZxid), _store, incarnation);
        HandleReady(now);
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

    private void Handle(Ready ready, ServerTime now)
    {
        var core = _core!;
        if (ready.SnapshotToInstall is { } snapshot)
        {
            var installed = _disk.InstallSnapshot(snapshot, now);
            _store.ResetTo(snapshot.Zxid);
            core.InstallState(installed.Tree, installed.Sessions);
            _logger.LogInformation("Installed the leader's snapshot at zxid 0x{Zxid:x}", snapshot.Zxid);
        }
        if (ready.TruncateAfterZxid is { } truncateAfter)
        {
            _logger.LogWarning("Truncating the log after zxid 0x{Zxid:x} at the leader's request", truncateAfter);
            _disk.TruncateAfter(truncateAfter);
            _store.TruncateAfter(truncateAfter);
        }
        if (ready.HardState is { } hard) _disk.WriteHardState(hard);
        foreach (var entry in ready.EntriesToPersist)
        {
            _store.Append(entry);
            _disk.Append(entry);
        }
        foreach (var outbound in ready.Messages)
        {
            if (_logger.IsEnabled(LogLevel.Trace)) _logger.LogTrace("To {Peer}: {Message}", outbound.To, outbound.Message);
            _network.Send(outbound.To, outbound.Message);
        }
        foreach (var entry in ready.CommittedEntries)
        {
            var (header, txn) = TxnRecordCodec.Deserialize(entry.Data);
            core.OnCommitted(header, txn, now);
        }
        foreach (var change in ready.StatusChanges)
        {
            if (change == Status) continue;
            _logger.LogInformation("Peer {Self}: {Status}{Reason}", _zabConfig.Self, change,
                change.Role == PeerRole.Looking && _peer.LastLookingReason is { } reason ? $" ({reason})" : "");
            Status = change;
            core.OnQuorumStatus(change.Serving, now);
        }
    }

    /// <summary>The applied tree as it is now, serialized exactly: the SNAP for a learner that is too far behind.</summary>
    public ZabSnapshot TakeSnapshot()
    {
        var core = _core!;
        var nodes = core.Tree.Nodes.Select(entry => TreeImage.ToSnapshotNode(entry.Key, entry.Value)).ToList();
        var image = _images.Serialize(core.LastZxid, TreeImage.Sessions(core.Sessions), nodes);
        return new ZabSnapshot(core.LastZxid, image);
    }
}
