using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using ConfigCenter.Consensus;
using ConfigCenter.Server.Quorum.Transport;

namespace ConfigCenter.Server.Tests.Quorum;

/// <summary>A <see cref="PeerTransport"/> on a loopback ephemeral port that records what it receives and reports.</summary>
internal sealed class TestPeer : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private readonly Channel<(PeerId From, object Message)> _received = Channel.CreateUnbounded<(PeerId, object)>();
    private readonly ConcurrentDictionary<PeerId, TaskCompletionSource> _connected = new();
    private readonly ConcurrentDictionary<PeerId, TaskCompletionSource> _disconnected = new();

    public TestPeer(long id, int maxFrameBytes = 1024 * 1024, int port = 0)
    {
        Id = new PeerId(id);
        Transport = new PeerTransport(Id, new IPEndPoint(IPAddress.Loopback, port), Peers,
            (from, message) => _received.Writer.TryWrite((from, message)),
            peer => Signal(_disconnected, peer).TrySetResult(),
            Log, maxFrameBytes);
        Transport.PeerConnected += peer => Signal(_connected, peer).TrySetResult();
    }

    public PeerId Id { get; }
    public Dictionary<PeerId, EndPoint> Peers { get; } = [];
    public RecordingLogger Log { get; } = new();
    public PeerTransport Transport { get; }
    public IPEndPoint EndPoint => Transport.LocalEndPoint;

    /// <summary>Completes once our outbound connection to <paramref name="peer"/> is up (at once if it already is).</summary>
    public Task ConnectedTo(PeerId peer)
    {
        var signal = Signal(_connected, peer);
        if (Transport.IsConnected(peer)) signal.TrySetResult();
        return signal.Task.WaitAsync(Timeout);
    }

    /// <summary>Completes when an outbound connection to <paramref name="peer"/> is established after this call.</summary>
    public Task NextConnectionTo(PeerId peer)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _connected[peer] = signal;
        return signal.Task.WaitAsync(Timeout);
    }

    public Task DisconnectedFrom(PeerId peer) => Signal(_disconnected, peer).Task.WaitAsync(Timeout);

    public async Task<(PeerId From, object Message)> ReceiveAsync() => await _received.Reader.ReadAsync().AsTask().WaitAsync(Timeout);

    public ValueTask DisposeAsync() => Transport.DisposeAsync();

    private static TaskCompletionSource Signal(ConcurrentDictionary<PeerId, TaskCompletionSource> signals, PeerId peer) =>
        signals.GetOrAdd(peer, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
