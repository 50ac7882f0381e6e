using System.Net;
using ConfigCenter.Server.Admin;
using ConfigCenter.Server.Configuration;
using ConfigCenter.Server.Network;
using ConfigCenter.Server.Pipeline;
using ConfigCenter.Storage;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Server.Hosting;

/// <summary>What a standalone server and an ensemble member take alike from zoo.cfg.</summary>
internal static class ServerSettings
{
    /// <param name="serverId">The high byte of session ids: 0 standalone, myid in an ensemble.</param>
    public static CoreOptions Core(ServerConfig config, long serverId) => new()
    {
        TickTimeMs = config.TickTimeMs,
        MinSessionTimeoutMs = config.MinSessionTimeoutMs,
        MaxSessionTimeoutMs = config.MaxSessionTimeoutMs,
        ExtendedTypesEnabled = config.ExtendedTypesEnabled,
        SuperDigest = config.SuperDigest,
        ContainerCheckIntervalMs = config.ContainerCheckIntervalMs,
        ServerId = serverId,
        ReadOnlyModeEnabled = config.ReadOnlyModeEnabled,
    };

    public static StorageOptions Storage(ServerConfig config) => new()
    {
        DataDir = config.DataDir,
        DataLogDir = config.DataLogDir,
        ForceSync = config.ForceSync,
        PreAllocSize = config.PreAllocSizeKb * 1024,
        SnapRetainCount = config.AutopurgeSnapRetainCount,
        AllowSnapshotFallback = config.AllowSnapshotFallback,
    };

    /// <summary>The client port, bound (not yet accepting), so a port in use fails startup before any file is touched.</summary>
    public static ClientListener BindClientListener(ServerConfig config, CoreEventLoop loop, ILoggerFactory loggerFactory)
    {
        var address = IPAddress.Parse(config.ClientPortAddress ?? "0.0.0.0");
        var endPoint = new IPEndPoint(address, config.ClientPort ?? ServerConfig.DefaultClientPort);
        var admin = new AdminContext(config.IsFourLetterWordEnabled, config.Describe(), config.DataDir, config.DataLogDir, endPoint.ToString());
        var listener = new ClientListener(endPoint, loop, config.JuteMaxBuffer, config.MaxClientCnxns, admin, loggerFactory);
        listener.Bind();
        return listener;
    }
}
