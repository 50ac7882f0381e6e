using ConfigCenter.Consensus;
using ConfigCenter.Consensus.Messages;
using ConfigCenter.Consensus.Storage;
using ConfigCenter.Server.Hosting;
using ConfigCenter.Server.Persistence;
using ConfigCenter.Server.Pipeline;
using ConfigCenter.Server.Quorum.Storage;
using ConfigCenter.Server.Quorum.Transport;
using ConfigCenter.Storage;
using ConfigCenter.Storage.Quorum;
using ConfigCenter.Storage.Recovery;
using ConfigCenter.Storage.Snapshots;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Server.Quorum;

/// <summary>
/// The I/O shell around one ensemble member's <see cref="ReplicaCore"/>: its disk is the data
/// directory (log segments, snapshots, epoch files), its network the two peer channels, its clock the
/// event loop's. Everything here runs on the event loop's thread.
/// </summary>
internal sealed class QuorumReplica : IReplicaDisk, IReplicaNetwork
{
    private readonly StorageOptions _storage;
    private readonly CoreEventLoop _loop;
    private readonly ILogger _logger;
    private readonly long _serverId;
    private PeerTransport? _election;
    private PeerTransport? _peers;

    public QuorumReplica(ZabConfig zabConfig, StorageOptions storage, QuorumRecoveredState recovered, CoreEventLoop loop, ILogger logger)
    {
        _storage = storage;
        _loop = loop;
        _logger = logger;
        _serverId = zabConfig.Self.Value;
        Log = new QuorumLog(storage, recovered.LastLoggedZxid, loop, OnDurable, OnLogFailed, logger);
        Member = new ReplicaCore(zabConfig, recovered, new SnapshotWriter(storage), this, this, logger);
    }

    public QuorumLog Log { get; }

    /// <summary>The member itself; the state machine's <see cref="IQuorumLink"/>.</summary>
    public ReplicaCore Member { get; }

    /// <summary>Connects the replica to the state machine and the network; call before the loop runs.</summary>
    public void Attach(ZkServerCore core, PeerTransport election, PeerTransport peers)
    {
        Member.Attach(core);
        _election = election;
        _peers = peers;
    }

    public void Tick() => Member.Tick(_loop.Now);

    public void OnMessage(PeerId from, object message) => Member.OnMessage(from, message, _loop.Now);

    public void OnPeerDisconnected(PeerId peer) => Member.OnPeerDisconnected(peer, _loop.Now);

    /// <summary>Carries out everything the Zab core asked for; runs after each batch of events.</summary>
    public void HandleReady() => Member.HandleReady(_loop.Now);

    public void OnSnapshotWritten(long zxid) => Member.OnSnapshotWritten(zxid);

    public void Send(PeerId to, object message)
    {
        var channel = message is Notification ? _election! : _peers!;
        channel.Send(to, message);
    }

    public RestoredState InstallSnapshot(ZabSnapshot snapshot, ServerTime now)
    {
        Log.InstallSnapshot(snapshot.Zxid, snapshot.Data);
        return new StorageRecovery(_storage).Recover(reader => TreeImage.Load(reader, _serverId, now)).Image
            ?? throw new InvalidOperationException($"the snapshot at zxid 0x{snapshot.Zxid:x} was installed but recovery found none");
    }

    public void TruncateAfter(long zxid)
    {
        // The rewrite flushed what was queued before it; the core learns of it as a fresh input.
        var durable = Log.TruncateAfter(zxid);
        _loop.Post(_ => OnDurable(durable));
    }

    public void WriteHardState(HardState hard) => EpochFiles.Write(_storage.DataDir, hard.AcceptedEpoch, hard.CurrentEpoch);

    public void Append(LogEntry entry) => Log.Append(entry);

    private void OnDurable(long zxid) => Member.OnDurable(zxid, _loop.Now);

    private void OnLogFailed(long fromZxid, Exception error)
    {
        // The core believes entries are on their way to disk that never will be. Start it over from what is
        // durable, as after a crash: it rejoins the ensemble and is resynced, and nothing it acknowledged is lost.
        _logger.LogError(error, "The transaction log failed from zxid 0x{Zxid:x}; restarting this peer from its durable state", fromZxid);
        var durable = Log.Restart();
        var hard = EpochFiles.Read(_storage.DataDir);
        Member.Restart(new HardState(hard.AcceptedEpoch, hard.CurrentEpoch), durable, BootCounter.Next(_storage.DataDir), _loop.Now);
    }
}
