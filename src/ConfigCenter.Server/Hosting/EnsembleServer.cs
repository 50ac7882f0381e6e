using System.Net;
using System.Net.Sockets;
using ConfigCenter.Consensus;
using ConfigCenter.Server.Admin;
using ConfigCenter.Server.Configuration;
using ConfigCenter.Server.Network;
using ConfigCenter.Server.Persistence;
using ConfigCenter.Server.Pipeline;
using ConfigCenter.Server.Quorum;
using ConfigCenter.Server.Quorum.Storage;
using ConfigCenter.Server.Quorum.Transport;
using ConfigCenter.Storage;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Server.Hosting;

/// <summary>
/// Wires one member of an ensemble: recovery, the Zab replica and its two peer channels (election and
/// quorum ports of its server.N line), the state machine and its event loop, clock ticks, snapshots and
/// the client listener.
/// </summary>
internal sealed class EnsembleServer : IAsyncDisposable
{
    /// <summary>How often the Zab core ticks: fine enough for a fast election, whatever tickTime is.</summary>
    private const int ZabTickMs = 50;
    private const int MaxPeerFrameBytes = 512 * 1024 * 1024;

    private readonly CoreEventLoop _loop;
    private readonly ZkServerCore _core;
    private readonly QuorumReplica _replica;
    private readonly PeerTransport _election;
    private readonly PeerTransport _peers;
    private readonly Snapshotter _snapshotter;
    private readonly ClientListener _listener;
    private readonly ITimer _ticker;
    private readonly ITimer _zabTicker;
    private readonly ITimer? _purger;
    private readonly Task _running;
    private readonly DataDirectoryLock _dataDirLock;

    public EnsembleServer(ServerConfig config, ILoggerFactory loggerFactory, TimeProvider time)
    {
        var myId = config.MyId ?? throw new InvalidOperationException("an ensemble member needs a myid");
        var self = config.Servers.Single(s => s.Id == myId);
        _loop = new CoreEventLoop(time, loggerFactory.CreateLogger<CoreEventLoop>());
        var options = ServerSettings.Core(config, myId);
        var storage = ServerSettings.Storage(config);
        _dataDirLock = DataDirectoryLock.Acquire(config.DataDir);

        var voters = config.Servers.Where(s => s.Role == Configuration.PeerRole.Participant).Select(s => new PeerId(s.Id)).ToList();
        var observers = config.Servers.Where(s => s.Role == Configuration.PeerRole.Observer).Select(s => new PeerId(s.Id)).ToList();
        var ticksPerTick = Math.Max(1, config.TickTimeMs / ZabTickMs);
        var zabConfig = new ZabConfig(new PeerId(myId), voters, observers)
        {
            InitLimitTicks = config.InitLimit * ticksPerTick,
            SyncLimitTicks = config.SyncLimit * ticksPerTick,
            MaxOutstandingProposals = int.MaxValue,
        };

        _listener = ServerSettings.BindClientListener(config, _loop, loggerFactory);

        var recovered = QuorumRecovery.Load(storage, myId, _loop.Now, loggerFactory.CreateLogger("ConfigCenter.Server.Quorum.Storage.QuorumRecovery"));
        _replica = new QuorumReplica(zabConfig, storage, recovered, _loop, loggerFactory.CreateLogger<QuorumReplica>());
        _core = new ZkServerCore(options, _loop.Now, loggerFactory.CreateLogger<ZkServerCore>(), null, recovered.Tree, recovered.Sessions,
            _replica.Member, replayUntilZxid: recovered.LastLoggedZxid);

        var others = config.Servers.Where(s => s.Id != myId).ToList();
        _election = new PeerTransport(new PeerId(myId), BindAddress(self.Host, self.ElectionPort),
            others.ToDictionary(s => new PeerId(s.Id), s => PeerEndPoint(s.Host, s.ElectionPort)),
            (from, message) => _loop.Post(_ => _replica.OnMessage(from, message)), _ => { },
            loggerFactory.CreateLogger("ConfigCenter.Server.Quorum.Election"), MaxPeerFrameBytes);
        _peers = new PeerTransport(new PeerId(myId), BindAddress(self.Host, self.PeerPort),
            others.ToDictionary(s => new PeerId(s.Id), s => PeerEndPoint(s.Host, s.PeerPort)),
            (from, message) => _loop.Post(_ => _replica.OnMessage(from, message)),
            peer => _loop.Post(_ =>
            {
                _replica.OnPeerDisconnected(peer);
                _replica.HandleReady();
            }),
            loggerFactory.CreateLogger("ConfigCenter.Server.Quorum.Peers"), MaxPeerFrameBytes);
        _replica.Attach(_core, _election, _peers);

        // The recovered log is not applied yet; its entries count once committed.
        _snapshotter = new Snapshotter(storage, config.SnapCount, _replica.Log.RollLog, _loop, 0,
            loggerFactory.CreateLogger<Snapshotter>(), seed: Environment.ProcessId) { Written = _replica.OnSnapshotWritten };
        _loop.AfterEvents = core =>
        {
            _replica.HandleReady();
            _snapshotter.MaybeStart(core);
        };
        _loop.Post(_ => _replica.HandleReady());
        _running = _loop.RunAsync(_core);

        var tickPeriod = TimeSpan.FromMilliseconds(Math.Clamp(config.TickTimeMs / 4, 10, 500));
        _ticker = time.CreateTimer(_ => _loop.Post(core => core.OnTick(_loop.Now)), null, tickPeriod, tickPeriod);
        var zabPeriod = TimeSpan.FromMilliseconds(Math.Min(ZabTickMs, config.TickTimeMs));
        _zabTicker = time.CreateTimer(_ => _loop.Post(_ => _replica.Tick()), null, zabPeriod, zabPeriod);
        if (config.AutopurgePurgeIntervalHours > 0)
        {
            var interval = TimeSpan.FromHours(config.AutopurgePurgeIntervalHours);
            _purger = time.CreateTimer(_ => _snapshotter.Purge(), null, interval, interval);
        }
    }

    public IPEndPoint LocalEndPoint => _listener.LocalEndPoint;

    public void Start()
    {
        _election.Start();
        _peers.Start();
        _listener.Start();
    }

    public async ValueTask DisposeAsync()
    {
        await _ticker.DisposeAsync();
        await _zabTicker.DisposeAsync();
        if (_purger is not null) await _purger.DisposeAsync();
        await _listener.DisposeAsync();
        await _election.DisposeAsync();
        await _peers.DisposeAsync();
        _loop.Complete();
        await _running;
        await _snapshotter.Writing;
        await _replica.Log.DisposeAsync();
        _dataDirLock.Dispose();
    }

    // A server listens for its peers on the address of its own server.N line, as ZooKeeper does
    // (quorumListenOnAllIPs is not supported).
    private static IPEndPoint BindAddress(string host, int port) =>
        new(IPAddress.TryParse(host, out var ip) ? ip : Dns.GetHostAddresses(host).First(a => a.AddressFamily == AddressFamily.InterNetwork), port);

    private static EndPoint PeerEndPoint(string host, int port) =>
        IPAddress.TryParse(host, out var ip) ? new IPEndPoint(ip, port) : new DnsEndPoint(host, port);
}
