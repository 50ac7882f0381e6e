using System.Net;
using ConfigCenter.Server.Configuration;
using ConfigCenter.Server.Hosting;
using Microsoft.Extensions.Logging;

// ConfigCenter.Server [zoo.cfg]: a standalone server or, with server.N lines, an ensemble member;
// a standalone server on 127.0.0.1:2181 with ./data when no file is given.
using var loggerFactory = LoggerFactory.Create(logging => logging
    .AddSimpleConsole(console => { console.SingleLine = true; console.TimestampFormat = "HH:mm:ss.fff "; })
    .SetMinimumLevel(Environment.GetEnvironmentVariable("CONFIGCENTER_LOG_LEVEL") is { } level && Enum.TryParse<LogLevel>(level, true, out var parsed) ? parsed : LogLevel.Information));
var logger = loggerFactory.CreateLogger("ConfigCenter.Server");

ServerConfig config;
try
{
    if (args.Length > 1 || args is ["-h" or "--help"])
    {
        Console.Error.WriteLine("usage: ConfigCenter.Server [path/to/zoo.cfg]");
        return 2;
    }
    if (args.Length == 1)
    {
        var parsed = ZooCfgParser.Parse(args[0]);
        foreach (var warning in parsed.Warnings) logger.LogWarning("{Warning}", warning);
        config = parsed.Config;
    }
    else
    {
        config = ServerConfig.Default();
    }
}
catch (ConfigException e)
{
    logger.LogCritical("Invalid configuration: {Message}", e.Message);
    return 1;
}

Directory.CreateDirectory(config.DataDir);
Directory.CreateDirectory(config.DataLogDir);
IAsyncDisposable server;
IPEndPoint listening;
try
{
    if (config.IsDistributed)
    {
        var member = new EnsembleServer(config, loggerFactory, TimeProvider.System);
        member.Start();
        (server, listening) = (member, member.LocalEndPoint);
    }
    else
    {
        var standalone = new StandaloneServer(config, loggerFactory, TimeProvider.System);
        standalone.Start();
        (server, listening) = (standalone, standalone.LocalEndPoint);
    }
}
catch (ConfigCenter.Storage.StorageCorruptedException e)
{
    // Damage before the log's tail needs a person: starting anyway could lose acknowledged writes.
    logger.LogCritical("Refusing to start: {Message}. Set snapshot.allowFallback=true to start from an older snapshot.", e.Message);
    return 1;
}
catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
{
    logger.LogCritical("Cannot start: {Message}", e.Message);
    return 1;
}
await using var running = server;
logger.LogInformation("ConfigCenter {Mode} listening on {EndPoint} (dataDir {DataDir})",
    config.IsDistributed ? $"ensemble member {config.MyId}" : "standalone server", listening, config.DataDir);

var stop = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.TrySetResult();
await stop.Task;
logger.LogInformation("Shutting down");
return 0;
