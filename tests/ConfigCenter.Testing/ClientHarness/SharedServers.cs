using ConfigCenter.Testing.Servers;
using Xunit;

namespace ConfigCenter.Testing.ClientHarness;

/// <summary>
/// One server of each kind for the whole run, started on first use; tests keep apart by working under
/// their own unique paths. Tests that kill or restart a server start their own instead.
/// </summary>
public sealed class SharedServers : IAsyncLifetime
{
    /// <summary>A short tick keeps session expiry tests quick: sessions may last 1 s to 10 s.</summary>
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
