using ConfigCenter.Discovery.Tests.Support;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Discovery.Tests.Fleet;

/// <summary>
/// Three echo processes on our server, kept for every spread test: a (zone a, weight 1), b (zone a,
/// weight 3), c (zone b, weight 1). Tests that change one (status, delay) put it back.
/// </summary>
public sealed class SpreadFleetFixture : IAsyncLifetime
{
    private IZkServerUnderTest? _server;

    public EchoFleet Fleet { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _server = await ZkServers.StartAsync(ServerKind.ConfigCenter, SharedServers.Options);
        Fleet = await EchoFleet.StartAsync(_server, "spread",
            new EchoSettings("a") { Zone = "a", Weight = 1 },
            new EchoSettings("b") { Zone = "a", Weight = 3 },
            new EchoSettings("c") { Zone = "b", Weight = 1 });
    }

    public async Task DisposeAsync()
    {
        if (Fleet is not null) await Fleet.DisposeAsync();
        if (_server is not null) await _server.DisposeAsync();
    }
}
