namespace ConfigCenter.Server.Tests.Quorum;

/// <summary>Test peers that all know each other (myids 1..n), disposed together.</summary>
internal sealed class TestEnsemble : IAsyncDisposable
{
    private readonly TestPeer[] _peers;

    private TestEnsemble(TestPeer[] peers) => _peers = peers;

    public TestPeer this[int index] => _peers[index];

    public IReadOnlyList<TestPeer> Peers => _peers;

    /// <summary>Bound, not started.</summary>
    public static TestEnsemble Create(int count, int maxFrameBytes = 1024 * 1024)
    {
        var peers = Enumerable.Range(1, count).Select(id => new TestPeer(id, maxFrameBytes)).ToArray();
        foreach (var peer in peers)
            foreach (var other in peers.Where(other => other != peer))
                peer.Peers[other.Id] = other.EndPoint;
        return new TestEnsemble(peers);
    }

    /// <summary>The first <paramref name="running"/> peers started and connected to each other both ways; the rest only bound.</summary>
    public static async Task<TestEnsemble> StartAsync(int count, int? running = null, int maxFrameBytes = 1024 * 1024)
    {
        var ensemble = Create(count, maxFrameBytes);
        var started = ensemble._peers.Take(running ?? count).ToArray();
        foreach (var peer in started) peer.Transport.Start();
        await Task.WhenAll(started.SelectMany(peer => started.Where(other => other != peer).Select(other => peer.ConnectedTo(other.Id))));
        return ensemble;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var peer in _peers) await peer.DisposeAsync();
    }
}
