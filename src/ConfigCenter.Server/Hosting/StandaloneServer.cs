using System.Net;
using ConfigCenter.Server.Admin;
using ConfigCenter.Server.Configuration;
using ConfigCenter.Server.Network;
using ConfigCenter.Server.Pipeline;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Server.Hosting;

/// <summary>Wires a standalone server: the state machine, its event loop, the clock ticks and the client listener.</summary>
internal sealed class StandaloneServer : IAsyncDisposable
{
    private readonly CoreEventLoop _loop;
    private readonly ZkServerCore _core;
    private readonly ClientListener _listener;
    private readonly ITimer _ticker;
    private readonly Task _running;

    public StandaloneServer(ServerConfig config, ILoggerFactory loggerFactory, TimeProvider time)
    {
        _loop = new CoreEventLoop(time, loggerFactory.CreateLogger<CoreEventLoop>());
        var options = new CoreOptions
        {
            TickTimeMs = config.TickTimeMs,
            MinSessionTimeoutMs = config.MinSessionTimeoutMs,
            MaxSessionTimeoutMs = config.MaxSessionTimeoutMs,
            ExtendedTypesEnabled = config.ExtendedTypesEnabled,
            SuperDigest = config.SuperDigest,
            ContainerCheckIntervalMs = config.ContainerCheckIntervalMs,
        };
        _core = new ZkServerCore(options, _loop.Now, loggerFactory.CreateLogger<ZkServerCore>());
        var address = IPAddress.Parse(config.ClientPortAddress ?? "0.0.0.0");
        var endPoint = new IPEndPoint(address, config.ClientPort ?? ServerConfig.DefaultClientPort);
        var admin = new AdminContext(config.IsFourLetterWordEnabled, config.Describe(), config.DataDir, config.DataLogDir, endPoint.ToString());
        _listener = new ClientListener(endPoint, _loop, config.JuteMaxBuffer, config.MaxClientCnxns, admin, loggerFactory);
        _running = _loop.RunAsync(_core);
        // Deadlines are checked a few times per tick, so a session expires within a fraction of a tick of its timeout.
        var tickPeriod = TimeSpan.FromMilliseconds(Math.Clamp(config.TickTimeMs / 4, 10, 500));
        _ticker = time.CreateTimer(_ => _loop.Post(core => core.OnTick(_loop.Now)), null, tickPeriod, tickPeriod);
    }

    public IPEndPoint LocalEndPoint => _listener.LocalEndPoint;

    public void Start() => _listener.Start();

    public async ValueTask DisposeAsync()
    {
        await _ticker.DisposeAsync();
        await _listener.DisposeAsync();
        _loop.Complete();
        await _running;
    }
}
