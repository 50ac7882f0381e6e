using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using ConfigCenter.Consensus;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Server.Quorum.Transport;

/// <summary>
/// A connection another server opened to this one, for receiving only: its handshake names the peer,
/// then each frame is one message handed to the owner, in order, from this connection's receive loop.
/// Anything malformed closes this connection alone, with a log line naming the remote end.
/// </summary>
internal sealed class InboundPeerConnection
{
    // A connection that never says who it is must not hold a socket forever.
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _socket;
    private readonly PeerTransportContext _context;
    private readonly InboundPeerConnections _registry;
    private volatile bool _replaced;

    public InboundPeerConnection(Socket socket, PeerTransportContext context, InboundPeerConnections registry)
    {
        _socket = socket;
        _context = context;
        _registry = registry;
        RemoteEndPoint = socket.RemoteEndPoint?.ToString() ?? "unknown";
    }

    public string RemoteEndPoint { get; }

    /// <summary>The server its handshake named; null until then.</summary>
    public PeerId? Peer { get; private set; }

    /// <summary>Ends the receive loop; after <paramref name="replaced"/> it delivers nothing more and reports no disconnection.</summary>
    public void Close(bool replaced)
    {
        if (replaced) _replaced = true;
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }
    }

    /// <summary>Receives until the peer, a newer connection of the same peer, or the transport ends this one.</summary>
    public async Task RunAsync()
    {
        var input = PipeReader.Create(new NetworkStream(_socket, ownsSocket: true), new StreamPipeReaderOptions(bufferSize: 64 * 1024));
        using var handshakeDeadline = CancellationTokenSource.CreateLinkedTokenSource(_context.Stopping);
        handshakeDeadline.CancelAfter(HandshakeTimeout);
        string reason;
        try
        {
            reason = await ReceiveLoopAsync(input, handshakeDeadline);
        }
        catch (PeerProtocolException e)
        {
            reason = e.Message;
            _context.Logger.LogWarning("Closing peer connection from {RemoteEndPoint} (myid {Peer}): {Reason}", RemoteEndPoint, Peer?.ToString() ?? "not yet known", reason);
        }
        catch (OperationCanceledException) when (!_context.Stopping.IsCancellationRequested)
        {
            reason = $"no handshake within {HandshakeTimeout.TotalSeconds} s";
            _context.Logger.LogWarning("Closing peer connection from {RemoteEndPoint}: {Reason}", RemoteEndPoint, reason);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            reason = e.Message;
        }
        finally
        {
            await input.CompleteAsync(); // also closes the socket
        }

        if (Peer is not { } peer || !_registry.Release(peer, this)) return;
        if (!_context.Stopping.IsCancellationRequested)
            _context.Logger.LogInformation("Connection from peer {Peer} at {RemoteEndPoint} closed: {Reason}", peer, RemoteEndPoint, reason);
        _context.ReportDisconnected(peer);
    }

    private async Task<string> ReceiveLoopAsync(PipeReader input, CancellationTokenSource handshakeDeadline)
    {
        while (true)
        {
            var read = await input.ReadAsync(handshakeDeadline.Token);
            var buffer = read.Buffer;
            try
            {
                while (!_replaced && PeerFraming.TryCut(ref buffer, _context.MaxFrameBytes, out var payload))
                {
                    if (Peer is { } peer)
                    {
                        _context.Deliver(peer, PeerMessageCodec.Decode(payload));
                        continue;
                    }
                    Identify(payload);
                    handshakeDeadline.CancelAfter(Timeout.InfiniteTimeSpan);
                }
            }
            finally
            {
                input.AdvanceTo(buffer.Start, buffer.End);
            }
            if (_replaced) return "replaced by a newer connection";
            if (read.IsCompleted) return "the peer closed it";
        }
    }

    private void Identify(ReadOnlySequence<byte> handshake)
    {
        var peer = PeerHandshake.Read(handshake);
        if (peer == _context.Self) throw new PeerProtocolException($"the handshake names this server's own myid {peer}");
        if (!_context.Peers.ContainsKey(peer)) throw new PeerProtocolException($"the handshake names myid {peer}, which is not a member");
        Peer = peer;
        _context.Logger.LogInformation("Peer {Peer} connected from {RemoteEndPoint}", peer, RemoteEndPoint);
        _registry.Adopt(peer, this);
    }
}
