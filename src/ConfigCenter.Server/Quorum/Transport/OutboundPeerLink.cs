using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using ConfigCenter.Consensus;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Server.Quorum.Transport;

/// <summary>
/// This server's sending side towards one peer: keeps one TCP connection to it open (reconnecting with
/// backoff), writes the queued frames to it from a single loop, and reads from it only to notice at once
/// when the peer closes it. The queue is bounded by bytes and drops beyond the bound: the consensus core
/// retransmits, so a lost message is repaired, while a sender that blocked would stall the core.
/// </summary>
internal sealed class OutboundPeerLink
{
    // One gather write takes several small frames at once but stays well under the kernel's iovec limit.
    private const int MaxSegmentsPerWrite = 256;
    private const long MaxBytesPerWrite = 4L * 1024 * 1024;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    private readonly PeerId _peer;
    private readonly EndPoint _endPoint;
    private readonly PeerTransportContext _context;
    private readonly long _queueLimitBytes;
    private readonly Channel<OutboundFrame> _queue = Channel.CreateUnbounded<OutboundFrame>(new UnboundedChannelOptions { SingleReader = true });
    private long _queuedBytes;
    private long _dropped;
    private int _dropping;
    private volatile bool _connected;

    public OutboundPeerLink(PeerId peer, EndPoint endPoint, PeerTransportContext context, long queueLimitBytes)
    {
        _peer = peer;
        _endPoint = endPoint;
        _context = context;
        _queueLimitBytes = queueLimitBytes;
    }

    public bool IsConnected => _connected;

    /// <summary>Messages refused: not connected, too large, or over the queue's bound.</summary>
    public long DroppedMessages => Interlocked.Read(ref _dropped);

    /// <summary>Runs until the transport stops; then the queue is closed and emptied.</summary>
    public Task Running { get; private set; } = Task.CompletedTask;

    public void Start() => Running = RunAsync();

    public void CountDrop() => Interlocked.Increment(ref _dropped);

    /// <summary>Queues a frame for the writer loop, or disposes it and returns false when the queue is full.</summary>
    public bool TryEnqueue(OutboundFrame frame)
    {
        if (Interlocked.Add(ref _queuedBytes, frame.Length) > _queueLimitBytes || !_queue.Writer.TryWrite(frame))
        {
            Interlocked.Add(ref _queuedBytes, -frame.Length);
            frame.Dispose();
            CountDrop();
            // Once per run of drops, so a peer that stopped reading does not flood the log.
            if (Interlocked.Exchange(ref _dropping, 1) == 0 && !_context.Stopping.IsCancellationRequested)
                _context.Logger.LogWarning("Dropping messages to peer {Peer} at {EndPoint}: over {Limit} bytes are queued", _peer, _endPoint, _queueLimitBytes);
            return false;
        }
        Interlocked.Exchange(ref _dropping, 0);
        return true;
    }

    private async Task RunAsync()
    {
        var stopping = _context.Stopping;
        var backoff = new ReconnectBackoff();
        while (!stopping.IsCancellationRequested)
        {
            var socket = await TryConnectAsync(stopping);
            if (socket is not null)
            {
                var connectedAt = Stopwatch.GetTimestamp();
                await RunConnectionAsync(socket);
                // Only a connection that lasted resets the backoff: one the peer drops at once (it refuses our
                // handshake) must not make us redial twenty times a second.
                if (Stopwatch.GetElapsedTime(connectedAt) >= ReconnectBackoff.Ceiling) backoff.Reset();
            }
            try
            {
                await Task.Delay(backoff.Next(), stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        _queue.Writer.TryComplete();
        DiscardQueued();
    }

    /// <summary>A connected socket that has sent our handshake, or null after logging why not.</summary>
    private async Task<Socket?> TryConnectAsync(CancellationToken stopping)
    {
        var socket = _endPoint is IPEndPoint ip
            ? new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(SocketType.Stream, ProtocolType.Tcp); // a host name: dual mode, whatever it resolves to
        try
        {
            socket.NoDelay = true;
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            deadline.CancelAfter(ConnectTimeout);
            await socket.ConnectAsync(_endPoint, deadline.Token);
            await socket.SendAsync(PeerHandshake.CreateFrame(_context.Self), SocketFlags.None, deadline.Token);
            return socket;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            socket.Dispose();
            if (!stopping.IsCancellationRequested)
                _context.Logger.LogDebug("Connecting to peer {Peer} at {EndPoint} failed: {Reason}", _peer, _endPoint, e.Message);
            return null;
        }
    }

    private async Task RunConnectionAsync(Socket socket)
    {
        using var closing = CancellationTokenSource.CreateLinkedTokenSource(_context.Stopping);
        _connected = true;
        _context.Logger.LogInformation("Connected to peer {Peer} at {EndPoint}", _peer, _endPoint);
        _context.ReportConnected(_peer);

        var writing = WriteLoopAsync(socket, closing.Token);
        var watching = WatchForCloseAsync(socket, closing.Token);
        var ended = await Task.WhenAny(writing, watching);

        _connected = false;
        await closing.CancelAsync();
        socket.Dispose(); // aborts a gather write still waiting for the peer to read
        await Task.WhenAll(writing, watching);
        DiscardQueued();
        if (_context.Stopping.IsCancellationRequested) return;
        _context.Logger.LogInformation("Connection to peer {Peer} at {EndPoint} closed: {Reason}", _peer, _endPoint, await ended);
        _context.ReportDisconnected(_peer);
    }

    private async Task<string> WriteLoopAsync(Socket socket, CancellationToken closing)
    {
        var batch = new List<OutboundFrame>();
        var segments = new List<ArraySegment<byte>>();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(closing))
            {
                TakeBatch(batch, segments);
                await SendAllAsync(socket, segments);
                foreach (var frame in batch) frame.Dispose();
                batch.Clear();
            }
            return "the transport is closing";
        }
        catch (OperationCanceledException)
        {
            return "the connection is closing";
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return $"sending failed: {e.Message}";
        }
        finally
        {
            foreach (var frame in batch) frame.Dispose();
        }
    }

    /// <summary>Coalesces queued frames into one gather write.</summary>
    private void TakeBatch(List<OutboundFrame> batch, List<ArraySegment<byte>> segments)
    {
        long bytes = 0;
        while (segments.Count < MaxSegmentsPerWrite && bytes < MaxBytesPerWrite && _queue.Reader.TryRead(out var frame))
        {
            batch.Add(frame);
            segments.AddRange(frame.Segments);
            bytes += frame.Length;
        }
        Interlocked.Add(ref _queuedBytes, -bytes);
    }

    private static async Task SendAllAsync(Socket socket, List<ArraySegment<byte>> segments)
    {
        // A stream socket normally sends everything at once; a partial send continues where it stopped.
        while (segments.Count > 0)
        {
            var sent = await socket.SendAsync(segments, SocketFlags.None);
            if (sent <= 0) throw new SocketException((int)SocketError.ConnectionReset);
            var whole = 0;
            while (whole < segments.Count && sent >= segments[whole].Count) sent -= segments[whole++].Count;
            segments.RemoveRange(0, whole);
            if (sent > 0) segments[0] = segments[0][sent..];
        }
    }

    /// <summary>The peer never writes on this connection, so a read ends only when the connection does.</summary>
    private async Task<string> WatchForCloseAsync(Socket socket, CancellationToken closing)
    {
        var buffer = new byte[1];
        try
        {
            if (await socket.ReceiveAsync(buffer, SocketFlags.None, closing) == 0) return "the peer closed it";
            _context.Logger.LogWarning("Closing connection to peer {Peer} at {EndPoint}: it sent data on a send-only connection", _peer, _endPoint);
            return "the peer sent data on a send-only connection";
        }
        catch (OperationCanceledException)
        {
            return "the connection is closing";
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return $"receiving failed: {e.Message}";
        }
    }

    private void DiscardQueued()
    {
        while (_queue.Reader.TryRead(out var frame))
        {
            Interlocked.Add(ref _queuedBytes, -frame.Length);
            frame.Dispose();
        }
    }
}
