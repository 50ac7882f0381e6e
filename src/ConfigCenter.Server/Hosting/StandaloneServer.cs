using System.Net;
using ConfigCenter.Server.Admin;
using ConfigCenter.Server.Configuration;
using ConfigCenter.Server.Network;
using ConfigCenter.Server.Persistence;
using ConfigCenter.Server.Pipeline;
using ConfigCenter.Storage;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Server.Hosting;

/// <summary>
/// Wires a standalone server: recovery from disk, the state machine and its event loop, the
/// transaction log, snapshots, clock ticks, autopurge and the client listener.
/// </summary>
internal sealed class StandaloneServer : IAsyncDisposable
{
    private readonly CoreEventLoop _loop;
    private readonly ZkServerCore _core;
    private readonly DurableTransactionLog _log;
    private readonly Snapshotter _snapshotter;
    private readonly ClientListener _listener;
    private readonly ITimer _ticker;
    private readonly ITimer? _purger;
    private readonly Task _running;
    private readonly DataDirectoryLock _dataDirLock;

    /// <exception cref="StorageCorruptedException">The data on disk is damaged before its tail; the message names the file and offset.</exception>
    public StandaloneServer(ServerConfig config, ILoggerFactory loggerFactory, TimeProvider time)
    {
        _loop = new CoreEventLoop(time, loggerFactory.CreateLogger<CoreEventLoop>());
        var options = ServerSettings.Core(config, 0);
        var storage = ServerSettings.Storage(config);
        // Claim the data directory and the port before touching any file, so a second server started
        // by mistake fails at once instead of writing into a log another process owns.
        _dataDirLock = DataDirectoryLock.Acquire(config.DataDir);
        _listener = ServerSettings.BindClientListener(config, _loop, loggerFactory);

        var recovered = StateRecovery.Load(storage, options.ServerId, _loop.Now, loggerFactory.CreateLogger("ConfigCenter.Server.Persistence.StateRecovery"));
        _log = new DurableTransactionLog(storage, recovered.Tree.LastProcessedZxid, _loop, loggerFactory.CreateLogger<DurableTransactionLog>());
        _core = new ZkServerCore(options, _loop.Now, loggerFactory.CreateLogger<ZkServerCore>(), _log, recovered.Tree, recovered.Sessions);
        _snapshotter = new Snapshotter(storage, config.SnapCount, _log.RollLog, _loop, recovered.LogRecords,
            loggerFactory.CreateLogger<Snapshotter>(), seed: Environment.ProcessId);
        _loop.AfterEvents = _snapshotter.MaybeStart;

        _running = _loop.RunAsync(_core);
        // Deadlines are checked a few times per tick, so a session expires within a fraction of a tick of its timeout.
        var tickPeriod = TimeSpan.FromMilliseconds(Math.Clamp(config.TickTimeMs / 4, 10, 500));
        _ticker = time.CreateTimer(_ => _loop.Post(core => core.OnTick(_loop.Now)), null, tickPeriod, tickPeriod);
        if (config.AutopurgePurgeIntervalHours > 0)
        {
            var interval = TimeSpan.FromHours(config.AutopurgePurgeIntervalHours);
            _purger = time.CreateTimer(_ => _snapshotter.Purge(), null, interval, interval);
        }
    }

    public IPEndPoint LocalEndPoint => _listener.LocalEndPoint;

    public void Start() => _listener.Start();

    public async ValueTask DisposeAsync()
    {
        await _ticker.DisposeAsync();
        if (_purger is not null) await _purger.DisposeAsync();
        await _listener.DisposeAsync();
        _loop.Complete();
        await _running;
        await _snapshotter.Writing;
        await _log.DisposeAsync();
        _dataDirLock.Dispose();
    }
}
