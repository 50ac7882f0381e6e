using System.Net;
using System.Net.Sockets;
using ConfigCenter.Consensus;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Server.Quorum.Transport;

/// <summary>
/// Messages between the servers of an ensemble on one port (the server runs one transport on its
/// election port and one on its peer port). Each server connects to every other member and sends only
/// on that outbound connection; what it accepts it only receives on. Delivery is best effort: a message
/// is dropped when its peer is not connected or too much is queued for it, which the consensus core
/// tolerates (it retransmits), while a send that blocked would stall it.
/// </summary>
internal sealed class PeerTransport : IAsyncDisposable
{
    private const int SolSocket = 1;
    private const int SoReuseAddr = 2;

    // Enough for bursts of proposals; always at least two of the largest frames.
    private const long MinQueueLimitBytes = 32L * 1024 * 1024;

    private readonly IReadOnlyDictionary<PeerId, EndPoint> _peers;
    private readonly int _maxFrameBytes;
    private readonly ILogger _logger;
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly PeerTransportContext _context;
    private readonly InboundPeerConnections _inbound;
    private volatile IReadOnlyDictionary<PeerId, OutboundPeerLink> _links = new Dictionary<PeerId, OutboundPeerLink>();
    private Task _accepting = Task.CompletedTask;
    private int _started;
    private int _disposed;

    /// <summary>Binds <paramref name="listenOn"/> at once, so <see cref="LocalEndPoint"/> is known before <see cref="Start"/>.</summary>
    /// <param name="peers">
    /// Every other member's endpoint on this channel; read from <see cref="Start"/> on, so endpoints of
    /// transports bound to port 0 may be filled in between.
    /// </param>
    /// <param name="onMessage">Called from I/O threads, one message at a time per connection, in order.</param>
    /// <param name="onPeerDisconnected">An established connection to or from that peer broke.</param>
    /// <exception cref="SocketException">The port is taken.</exception>
    public PeerTransport(
        PeerId self,
        IPEndPoint listenOn,
        IReadOnlyDictionary<PeerId, EndPoint> peers,
        Action<PeerId, object> onMessage,
        Action<PeerId> onPeerDisconnected,
        ILogger logger,
        int maxFrameBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxFrameBytes);
        _peers = peers;
        _maxFrameBytes = maxFrameBytes;
        _logger = logger;
        _context = new PeerTransportContext(self, peers, maxFrameBytes, logger, _stopping.Token,
            onMessage, onPeerDisconnected, peer => PeerConnected?.Invoke(peer));
        _inbound = new InboundPeerConnections(_context);
        _listener = new Socket(listenOn.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // SO_REUSEADDR alone, as ClientListener does: a restart may bind while old connections are in
            // TIME_WAIT, but a second server cannot share the port (.NET's ReuseAddress adds SO_REUSEPORT).
            if (OperatingSystem.IsLinux()) _listener.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
            _listener.Bind(listenOn);
            LocalEndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        }
        catch
        {
            _listener.Dispose();
            throw;
        }
    }

    /// <summary>Our outbound connection to that peer is up: from now on <see cref="Send"/> to it queues. Raised from I/O threads.</summary>
    public event Action<PeerId>? PeerConnected;

    /// <summary>Where the transport listens (the actual port when bound to port 0).</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Sends refused so far: peer not connected, message over the frame limit, or queue over its bound.</summary>
    public long DroppedMessages => _links.Values.Sum(link => link.DroppedMessages);

    public bool IsConnected(PeerId peer) => _links.TryGetValue(peer, out var link) && link.IsConnected;

    /// <summary>Listens, and starts connecting to every peer.</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0) throw new InvalidOperationException("The transport is already started");
        if (_peers.ContainsKey(_context.Self)) throw new ArgumentException($"The peers of {_context.Self} must not include itself");
        _listener.Listen(_peers.Count + 16);
        _accepting = AcceptLoopAsync();
        var queueLimit = Math.Max(MinQueueLimitBytes, 2L * (_maxFrameBytes + PeerFraming.HeaderBytes));
        var links = _peers.ToDictionary(peer => peer.Key, peer => new OutboundPeerLink(peer.Key, peer.Value, _context, queueLimit));
        _links = links;
        foreach (var link in links.Values) link.Start();
    }

    /// <summary>Queues a message for a peer; never blocks. False when it is dropped (see <see cref="DroppedMessages"/>).</summary>
    /// <param name="message">A ZabMessage or a ServerMessage; immutable, so it may be shared.</param>
    public bool Send(PeerId to, object message)
    {
        if (!_links.TryGetValue(to, out var link)) return false;
        if (!link.IsConnected)
        {
            link.CountDrop();
            return false;
        }
        var frame = OutboundFrame.Encode(message);
        if (frame.PayloadLength > _maxFrameBytes)
        {
            // The receiver would close the connection on it; better to lose this one message.
            _logger.LogWarning("Not sending {Message} of {Bytes} bytes to peer {Peer}: frames are limited to {Max} bytes",
                message.GetType().Name, frame.PayloadLength, to, _maxFrameBytes);
            frame.Dispose();
            link.CountDrop();
            return false;
        }
        return link.TryEnqueue(frame);
    }

    private async Task AcceptLoopAsync()
    {
        var stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(stopping);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (stopping.IsCancellationRequested) return;
                _logger.LogWarning("Accepting a peer connection on {EndPoint} failed: {Reason}", LocalEndPoint, e.Message);
                continue;
            }
            socket.NoDelay = true;
            _inbound.Run(new InboundPeerConnection(socket, _context, _inbound));
        }
    }

    /// <summary>Closes the listener and every connection, and waits for all their loops.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _stopping.CancelAsync();
        _listener.Dispose();
        await _accepting;
        await Task.WhenAll(_links.Values.Select(link => link.Running));
        await _inbound.CloseAllAsync();
        _stopping.Dispose();
    }
}
