using System.Buffers;
using System.Net.Sockets;
using System.Threading.Channels;
using ConfigCenter.Client.Exceptions;
using ConfigCenter.Client.Watches;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Jute;
using ConfigCenter.Protocol.Records;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Client.Connection;

/// <summary>
/// One TCP connection of a session: the handshake, then a send loop and a receive loop running side by
/// side until either fails. Requests are pipelined: the send loop writes them as they come and the
/// receive loop matches replies in order. Nothing is replayed: when the connection ends, every request
/// written to it fails with ConnectionLoss.
/// </summary>
internal sealed class ZooKeeperConnection : IAsyncDisposable
{
    private const int WriteBatchBytes = 64 * 1024;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly SessionContext _session;
    private readonly object _gate = new();
    private readonly Queue<PendingRequest> _pending = new();
    // Auth replies overtake other replies (the server answers them on arrival), so they are matched apart.
    private readonly Queue<PendingRequest> _authWaiters = new();
    private readonly int _readTimeoutMs;
    private readonly int _pingIntervalMs;
    private long _lastHeard = Environment.TickCount64;
    private long _lastSent = Environment.TickCount64;
    private bool _ended;

    private ZooKeeperConnection(Socket socket, NetworkStream stream, SessionContext session, HostEndpoint host, ConnectResponse handshake)
    {
        _socket = socket;
        _stream = stream;
        _session = session;
        Host = host;
        Handshake = handshake;
        // As ClientCnxn: give up on a silent server after 2/3 of the session timeout, ping when idle for half that.
        _readTimeoutMs = Math.Max(handshake.Timeout * 2 / 3, 1);
        _pingIntervalMs = Math.Max(_readTimeoutMs / 2, 1);
    }

    public HostEndpoint Host { get; }

    /// <summary>The server's answer to the connect request (negotiated timeout, session id and password).</summary>
    public ConnectResponse Handshake { get; }

    /// <summary>True once the server refused an auth packet; the session cannot be used any more.</summary>
    public bool AuthFailed { get; private set; }

    /// <summary>Opens the socket and performs the handshake within <paramref name="timeout"/>.</summary>
    public static async Task<ZooKeeperConnection> OpenAsync(
        HostEndpoint host, ConnectRequest request, TimeSpan timeout, SessionContext session, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host.Host, host.Port, deadline.Token).ConfigureAwait(false);
            var stream = new NetworkStream(socket, ownsSocket: true);
            var output = new ArrayBufferWriter<byte>(64);
            Frames.WriteConnectRequest(output, request);
            await stream.WriteAsync(output.WrittenMemory, deadline.Token).ConfigureAwait(false);
            var (buffer, length) = await Frames.ReadAsync(stream, new byte[4], session.MaxPacketLength, deadline.Token).ConfigureAwait(false);
            try
            {
                var reader = new JuteReader(buffer.AsSpan(0, length));
                var response = ConnectResponse.Read(ref reader);
                return new ZooKeeperConnection(socket, stream, session, host, response);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"No session handshake with {host} within {timeout.TotalMilliseconds:0} ms.");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs the connection: writes <paramref name="primers"/> (auth, setWatches) first, then requests from
    /// the session's queue, until the connection fails or <paramref name="stop"/> fires. Returns why it ended.
    /// Every request still awaiting a reply then fails with ConnectionLoss.
    /// </summary>
    public async Task<Exception> RunAsync(ChannelReader<PendingRequest> requests, IReadOnlyList<PendingRequest> primers, CancellationToken stop)
    {
        using var running = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var receive = ReceiveLoopAsync(running.Token);
        var send = SendLoopAsync(requests, primers, running.Token);
        var first = await Task.WhenAny(receive, send).ConfigureAwait(false);
        var reason = first.Exception?.GetBaseException()
                     ?? (first.IsCanceled ? new OperationCanceledException("The connection was stopped.") : new IOException("The connection ended."));
        await running.CancelAsync().ConfigureAwait(false);
        _socket.Dispose(); // unblocks a receive waiting on a silent server
        try
        {
            await Task.WhenAll(receive, send).ConfigureAwait(false);
        }
        catch
        {
            // The first failure is the reason; the other loop only saw the socket close under it.
        }
        FailAll();
        return reason;
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        FailAll();
        return ValueTask.CompletedTask;
    }

    private async Task SendLoopAsync(ChannelReader<PendingRequest> requests, IReadOnlyList<PendingRequest> primers, CancellationToken cancellationToken)
    {
        var output = new ArrayBufferWriter<byte>(4096);
        foreach (var primer in primers) Encode(primer, output);
        await FlushAsync(output, cancellationToken).ConfigureAwait(false);

        while (true)
        {
            while (output.WrittenCount < WriteBatchBytes && requests.TryRead(out var request))
            {
                if (!request.IsAbandoned) Encode(request, output);
            }
            if (output.WrittenCount > 0)
            {
                await FlushAsync(output, cancellationToken).ConfigureAwait(false);
                ThrowIfServerSilent();
                continue;
            }
            if (!await WaitForRequestsOrPingAsync(requests, output, cancellationToken).ConfigureAwait(false)) return;
        }
    }

    /// <summary>Waits for work; sends a ping when idle long enough. False when the session's queue was closed.</summary>
    private async Task<bool> WaitForRequestsOrPingAsync(ChannelReader<PendingRequest> requests, ArrayBufferWriter<byte> output, CancellationToken cancellationToken)
    {
        ThrowIfServerSilent();
        var now = Environment.TickCount64;
        var untilPing = _pingIntervalMs - (now - Interlocked.Read(ref _lastSent));
        if (untilPing <= 0)
        {
            Frames.WriteRequest(output, Xids.Ping, OpCode.Ping, EmptyRequest.Instance);
            _session.Logger.LogTrace("Ping to {Host}", Host);
            await FlushAsync(output, cancellationToken).ConfigureAwait(false);
            return true;
        }
        var untilSilent = _readTimeoutMs - (now - Interlocked.Read(ref _lastHeard));
        using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wake.CancelAfter(TimeSpan.FromMilliseconds(Math.Max(1, Math.Min(untilPing, untilSilent))));
        try
        {
            return await requests.WaitToReadAsync(wake.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return true; // time to ping or to check the server's silence
        }
    }

    private void ThrowIfServerSilent()
    {
        var silence = Environment.TickCount64 - Interlocked.Read(ref _lastHeard);
        if (silence > _readTimeoutMs)
            throw new TimeoutException($"Nothing heard from {Host} for {silence} ms (read timeout {_readTimeoutMs} ms).");
    }

    private void Encode(PendingRequest request, ArrayBufferWriter<byte> output)
    {
        request.Xid = request.FixedXid ?? _session.NextXid();
        lock (_gate)
        {
            if (_ended)
            {
                request.Fail(new ConnectionLossException(request.ClientPath));
                return;
            }
            (request.FixedXid == Xids.Auth ? _authWaiters : _pending).Enqueue(request);
        }
        Frames.WriteRequest(output, request.Xid, request.OpCode, request.Body);
    }

    private async Task FlushAsync(ArrayBufferWriter<byte> output, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(output.WrittenMemory, cancellationToken).ConfigureAwait(false);
        Interlocked.Exchange(ref _lastSent, Environment.TickCount64);
        output.ResetWrittenCount();
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        // Buffered so that a burst of small pipelined replies costs few socket reads.
        await using var input = new BufferedStream(_stream, 64 * 1024);
        var lengthScratch = new byte[4];
        while (true)
        {
            var (buffer, length) = await Frames.ReadAsync(input, lengthScratch, _session.MaxPacketLength, cancellationToken).ConfigureAwait(false);
            Interlocked.Exchange(ref _lastHeard, Environment.TickCount64);
            try
            {
                HandleReply(buffer.AsSpan(0, length));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private void HandleReply(ReadOnlySpan<byte> frame)
    {
        var reader = new JuteReader(frame);
        var header = ReplyHeader.Read(ref reader);
        switch (header.Xid)
        {
            case Xids.Ping:
                _session.Logger.LogTrace("Ping reply from {Host}", Host);
                return;
            case Xids.Notification:
                HandleNotification(WatcherEvent.Read(ref reader));
                return;
            case Xids.Auth:
                HandleAuthReply(header);
                return;
        }

        PendingRequest request;
        lock (_gate)
        {
            if (!_pending.TryDequeue(out request!))
                throw new IOException($"Reply with xid {header.Xid} but no request is pending.");
        }
        if (request.Xid != header.Xid)
        {
            request.Fail(new ConnectionLossException(request.ClientPath, $"Reply xid {header.Xid} does not match request xid {request.Xid}."));
            throw new IOException($"Xid out of order: got {header.Xid}, expected {request.Xid}.");
        }
        _session.ObserveZxid(header.Zxid);
        request.Complete(header, ref reader, _session.Watches);
    }

    private void HandleNotification(WatcherEvent notification)
    {
        var path = _session.Chroot.ToClient(notification.Path);
        var watchedEvent = new WatchedEvent(notification.Type, notification.State, path);
        var watchers = _session.Watches.Materialize(notification.Type, path);
        _session.Logger.LogDebug("Event {Type} on {Path} for {Count} watcher(s)", notification.Type, path, watchers.Count);
        _session.Dispatcher.Post(watchedEvent, watchers);
    }

    private void HandleAuthReply(ReplyHeader header)
    {
        PendingRequest? waiter;
        lock (_gate) _authWaiters.TryDequeue(out waiter);
        if (header.Err == ErrorCode.AuthFailed)
        {
            AuthFailed = true;
            waiter?.Fail(new AuthFailedException());
            throw new AuthFailedException(message: $"{Host} refused the credentials.");
        }
        var empty = new JuteReader([]);
        waiter?.Complete(header, ref empty, _session.Watches);
    }

    private void FailAll()
    {
        List<PendingRequest> orphans;
        lock (_gate)
        {
            _ended = true;
            orphans = [.. _pending, .. _authWaiters];
            _pending.Clear();
            _authWaiters.Clear();
        }
        foreach (var request in orphans)
            request.Fail(AuthFailed ? new AuthFailedException(request.ClientPath) : new ConnectionLossException(request.ClientPath));
    }
}
