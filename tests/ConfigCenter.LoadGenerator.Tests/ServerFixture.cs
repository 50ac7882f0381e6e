using ConfigCenter.Testing.Servers;

namespace ConfigCenter.LoadGenerator.Tests;

/// <summary>One ConfigCenter server process for all smoke runs; each run works under its own prefix.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private IZkServerUnderTest? _server;

    public IZkServerUnderTest Server => _server ?? throw new InvalidOperationException("the server has not started");

    public async Task InitializeAsync() => _server = await ZkServers.StartAsync(ServerKind.ConfigCenter);

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
