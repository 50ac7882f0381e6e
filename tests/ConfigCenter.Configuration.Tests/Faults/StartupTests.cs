using ConfigCenter.Client.Helpers;
using ConfigCenter.Configuration.Tests.Support;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.Network;
using ConfigCenter.Testing.Servers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Configuration.Tests.Faults;

/// <summary>Starting while the ensemble is down: the cache file, optional sources, and failing fast.</summary>
[Collection(ConfigurationCollection.Name)]
public sealed class StartupTests(SharedServers servers) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("zkconfig-cache-").FullName;

    [Theory]
    [BothServerKinds]
    public async Task With_the_server_down_the_cache_is_used_and_the_provider_catches_up_once_connected(ServerKind kind)
    {
        var cacheFile = Path.Combine(_directory, "orders.cache.json");
        await using var server = await ZkServers.StartAsync(kind, SharedServers.Options);
        await using var proxy = TcpProxy.Start(server.ClientPort);
        var root = ZkTestClients.NewRootPath("cache");
        await using (var zk = await ZkTestClients.ConnectAsync(server.ConnectString))
        {
            await zk.EnsurePathAsync(root);
            await zk.CreateAsync($"{root}/Value", "cached"u8.ToArray(), Acl.OpenAclUnsafe, CreateMode.Persistent);
            await using (var first = ConfigurationUnderTest.Build(proxy.ConnectString, root, options => options.CacheFilePath = cacheFile))
                Assert.Equal("cached", first["Value"]);
            await zk.SetDataAsync($"{root}/Value", "fresh"u8.ToArray());
        }
        Assert.True(File.Exists(cacheFile));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cacheFile));
        await server.KillAsync();

        await using var app = ConfigurationUnderTest.Build(proxy.ConnectString, root, options =>
        {
            options.CacheFilePath = cacheFile;
            options.StartupTimeout = TimeSpan.FromSeconds(1);
        });

        Assert.Equal("cached", app["Value"]);
        await app.Logs.WaitForAsync(LogLevel.Warning, cacheFile);
        await server.RestartAsync();
        await app.WaitForValueAsync("Value", "fresh");
    }

    [Fact]
    public void Without_a_cache_a_required_source_fails_fast_naming_the_hosts_and_the_root()
    {
        var connectString = $"127.0.0.1:{FreePorts.Next()},127.0.0.1:{FreePorts.Next()}";
        var builder = new ConfigurationBuilder().AddZkConfiguration(connectString, "/config/orders", options =>
        {
            options.StartupTimeout = TimeSpan.FromSeconds(1);
            options.CacheFilePath = Path.Combine(_directory, "never-written.json");
        });

        var exception = Assert.Throws<ZkConfigurationUnavailableException>(() => builder.Build());

        Assert.Contains(connectString, exception.Message, StringComparison.Ordinal);
        Assert.Contains("/config/orders", exception.Message, StringComparison.Ordinal);
        Assert.Equal(connectString, exception.ConnectString);
    }

    [Fact]
    public async Task An_optional_source_starts_empty_with_a_warning()
    {
        var logs = new RecordingLoggerFactory();
        var configuration = new ConfigurationBuilder().AddZkConfiguration($"127.0.0.1:{FreePorts.Next()}", "/config/optional", options =>
        {
            options.StartupTimeout = TimeSpan.FromMilliseconds(500);
            options.Optional = true;
            options.LoggerFactory = logs;
        }).Build();

        Assert.Empty(configuration.AsEnumerable());
        await logs.WaitForAsync(LogLevel.Warning, "/config/optional");
        ((IDisposable)configuration).Dispose();
    }

    [Theory]
    [BothServerKinds]
    public async Task ReloadOnChange_false_loads_one_snapshot_and_closes_the_session(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        await using var zk = await ZkTestClients.ConnectAsync(server.ConnectString);
        var root = await ZkTestClients.CreateRootAsync(zk, "once");
        await zk.CreateAsync($"{root}/Value", "loaded"u8.ToArray(), Acl.OpenAclUnsafe, CreateMode.Persistent);

        await using var app = ConfigurationUnderTest.Build(server.ConnectString, root, options => options.ReloadOnChange = false);

        Assert.Equal("loaded", app["Value"]);
        var client = ProviderSessions.ClientOf(app);
        using var closed = new CancellationTokenSource(TestTimeouts.Event);
        await foreach (var _ in client.SubscribeToStateChanges().ReadAllAsync(closed.Token)) { }
        Assert.Equal(Client.ConnectionState.Closed, client.CurrentState);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
