namespace ConfigCenter.Testing.Servers;

/// <summary>Starts a fresh server of either kind on a free loopback port with its own temp directory.</summary>
public static class ZkServers
{
    private const int MaxBindAttempts = 3;

    public static async Task<IZkServerUnderTest> StartAsync(
        ServerKind kind, ZkServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ZkServerOptions();
        for (var attempt = 1; ; attempt++)
        {
            var server = Prepare(kind, options);
            try
            {
                await server.StartAsync(cancellationToken).ConfigureAwait(false);
                return server;
            }
            catch (ServerStartException exception) when (attempt < MaxBindAttempts && LostPortRace(exception))
            {
                // Someone took the port between our probe and the server's bind: try another one.
                await server.DisposeAsync().ConfigureAwait(false);
            }
            catch
            {
                await server.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    private static ZkServerProcess Prepare(ServerKind kind, ZkServerOptions options)
    {
        var port = FreePorts.Next();
        var workDirectory = Path.Combine(Path.GetTempPath(), "configcenter-tests", $"{kind}-{port}-{Guid.NewGuid().ToString("N")[..8]}");
        var dataDirectory = options.DataDirectory ?? Path.Combine(workDirectory, "data");
        Directory.CreateDirectory(workDirectory);
        Directory.CreateDirectory(dataDirectory);

        var configPath = Path.Combine(workDirectory, "zoo.cfg");
        File.WriteAllText(configPath, ZooCfg.Render(options, port, dataDirectory));

        try
        {
            var command = kind switch
            {
                ServerKind.ApacheZooKeeper => ApacheZooKeeperCommand.Create(configPath, options),
                ServerKind.ConfigCenter => ConfigCenterServerCommand.Create(configPath),
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown server kind."),
            };
            return new ZkServerProcess(
                kind, port, options.TickTimeMs, command, workDirectory, dataDirectory, configPath, Path.Combine(workDirectory, "server.log"));
        }
        catch
        {
            Directory.Delete(workDirectory, recursive: true);
            throw;
        }
    }

    private static bool LostPortRace(ServerStartException exception) =>
        exception.LogTail.Contains("Address already in use", StringComparison.OrdinalIgnoreCase);
}
