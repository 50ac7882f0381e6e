using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Configuration.Tests.Support;

/// <summary>
/// One server of each kind for the whole run, started on first use; tests keep apart under their own
/// roots. Tests that kill or restart a server start their own.
/// </summary>
public sealed class SharedServers : IAsyncLifetime
{
    /// <summary>A short tick lets sessions of 1 s to 10 s, so expiry tests are quick.</summary>
    public static readonly ZkServerOptions Options = new() { TickTimeMs = 500 };

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<ServerKind, IZkServerUnderTest> _servers = [];

    public async Task<IZkServerUnderTest> GetAsync(ServerKind kind)
    {
        await _gate.WaitAsync();
        try
        {
            if (!_servers.TryGetValue(kind, out var server))
            {
                server = await ZkServers.StartAsync(kind, Options);
                _servers[kind] = server;
            }
            return server;
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var server in _servers.Values) await server.DisposeAsync();
        _gate.Dispose();
    }
}

/// <summary>
/// Every class runs one after another on the shared servers: on two cores, timing-sensitive tests
/// (debounce, expiry) must not compete for the CPU.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ConfigurationCollection : ICollectionFixture<SharedServers>
{
    public const string Name = "Configuration";
}
