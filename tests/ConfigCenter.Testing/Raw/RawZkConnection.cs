using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Jute;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Testing.Raw;

/// <summary>
/// A protocol-level ZooKeeper client for tests. It does only what it is told: no automatic pings,
/// no reconnects, no watch bookkeeping. Replies are matched to requests by xid; notifications
/// (xid -1) are queued for the test to await; arbitrary bytes can be sent for fuzzing.
/// </summary>
public sealed class RawZkConnection : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Frames larger than this are treated as a protocol violation rather than allocated.</summary>
    public const int MaxIncomingFrame = 64 * 1024 * 1024;

    private readonly Socket _socket;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Lock _pendingLock = new();
    private readonly List<PendingRequest> _pending = [];
    private readonly Channel<WatcherEvent> _events = Channel.CreateUnbounded<WatcherEvent>();
    private readonly List<WatcherEvent> _allEvents = [];
    private readonly List<ReplyHeader> _unmatchedReplies = [];
    private readonly Channel<ReplyHeader> _unmatchedQueue = Channel.CreateUnbounded<ReplyHeader>();
    private readonly TaskCompletionSource<ConnectResponse> _handshake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _disposing = new();
    private readonly Task _readLoop;
    private int _nextXid;
    private int _outOfOrderReplies;
    private int _disposed;
    private volatile bool _handshakeSent;
    private volatile string? _protocolViolation;

    private RawZkConnection(Socket socket)
    {
        _socket = socket;
        _readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>The server's answer to the handshake, once it came.</summary>
    public ConnectResponse? Session => _handshake.Task.IsCompletedSuccessfully ? _handshake.Task.Result : null;

    public long SessionId => Session?.SessionId ?? 0;

    /// <summary>True once the connection ended, whoever ended it.</summary>
    public bool IsClosed => _closed.Task.IsCompleted;

    /// <summary>True when the server (not this client) ended the connection.</summary>
    public bool ClosedByServer { get; private set; }

    /// <summary>Replies whose xid no pending request had, in arrival order.</summary>
    public IReadOnlyList<ReplyHeader> UnmatchedReplies { get { lock (_pendingLock) return [.. _unmatchedReplies]; } }

    /// <summary>Replies that overtook an older pending request; ZooKeeper answers in request order.</summary>
    public int OutOfOrderReplies => Volatile.Read(ref _outOfOrderReplies);

    /// <summary>Why the incoming stream could not be parsed, if it could not.</summary>
    public string? ProtocolViolation => _protocolViolation;

    /// <summary>Every notification received so far, in order, including those already dequeued.</summary>
    public IReadOnlyList<WatcherEvent> AllEvents { get { lock (_pendingLock) return [.. _allEvents]; } }

    /// <summary>Opens the TCP connection only; the caller decides what to send first.</summary>
    public static async Task<RawZkConnection> OpenAsync(int port, CancellationToken ct = default)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(DefaultTimeout);
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), timeout.Token);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new RawZkConnection(socket);
    }

    /// <summary>Opens a connection and establishes a new session.</summary>
    public static async Task<RawZkConnection> ConnectAsync(
        int port, int sessionTimeoutMs = 30_000, bool? readOnly = false, CancellationToken ct = default)
    {
        var connection = await OpenAsync(port, ct);
        try
        {
            await connection.HandshakeAsync(new ConnectRequest(0, 0, sessionTimeoutMs, 0, new byte[16], readOnly), ct);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        return connection;
    }

    /// <summary>
    /// Sends a ConnectRequest and awaits the ConnectResponse (a rejected session has timeout 0 or a
    /// closed socket). The first frame the server sends is always decoded as the ConnectResponse,
    /// also when the connect frame went out through SendRawAsync.
    /// </summary>
    public async Task<ConnectResponse> HandshakeAsync(ConnectRequest request, CancellationToken ct = default, TimeSpan? timeout = null)
    {
        _handshakeSent = true;
        await SendRawAsync(RawFrames.Connect(request), ct);
        return await _handshake.Task.WaitAsync(timeout ?? DefaultTimeout, ct);
    }

    /// <summary>Sends a request with the next auto-incrementing xid, or the given one, and awaits its reply.</summary>
    public Task<RawReply> SendAsync(OpCode type, Request? body, int? xid = null, CancellationToken ct = default, TimeSpan? timeout = null)
    {
        var actualXid = xid ?? Interlocked.Increment(ref _nextXid);
        return SendRawRequestAsync(RawFrames.Request(actualXid, type, body), actualXid, type, ct, timeout);
    }

    /// <summary>
    /// Sends prepared (possibly malformed) bytes and awaits the reply carrying the given xid; the
    /// type says how to decode its body. Throws RawConnectionClosedException when the server closes
    /// instead, TimeoutException when it does neither.
    /// </summary>
    public async Task<RawReply> SendRawRequestAsync(ReadOnlyMemory<byte> bytes, int xid, OpCode type, CancellationToken ct = default, TimeSpan? timeout = null)
    {
        var pending = new PendingRequest(xid, type);
        lock (_pendingLock) _pending.Add(pending);
        try
        {
            await SendRawAsync(bytes, ct);
        }
        catch
        {
            lock (_pendingLock) _pending.Remove(pending);
            throw;
        }
        return await pending.Reply.Task.WaitAsync(timeout ?? DefaultTimeout, ct);
    }

    /// <summary>
    /// After connect bytes went out through SendRawAsync: the server's ConnectResponse, or null when it
    /// closed the connection instead. Throws TimeoutException when it does neither.
    /// </summary>
    public async Task<ConnectResponse?> AwaitConnectResponseAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        await Task.WhenAny(_handshake.Task, _closed.Task).WaitAsync(timeout, ct);
        // A server may answer and then close (an unknown session id): the answer still counts.
        return _handshake.Task.IsCompletedSuccessfully ? _handshake.Task.Result : null;
    }

    public Task<RawReply> PingAsync(CancellationToken ct = default) => SendAsync(OpCode.Ping, null, Xids.Ping, ct);

    /// <summary>Asks the server to close the session; it answers, then closes the connection.</summary>
    public Task<RawReply> CloseSessionAsync(CancellationToken ct = default) => SendAsync(OpCode.CloseSession, null, ct: ct);

    /// <summary>Sends a payload with a correct length prefix.</summary>
    public Task SendFrameAsync(ReadOnlyMemory<byte> payload, CancellationToken ct = default) =>
        SendRawAsync(RawFrames.Frame(payload.Span), ct);

    /// <summary>Sends bytes exactly as given. Fails with RawConnectionClosedException when the server has gone.</summary>
    public async Task SendRawAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct = default)
    {
        await _sendLock.WaitAsync(ct);
        try
        {
            if (IsClosed) throw ClosedException();
            while (!bytes.IsEmpty)
            {
                var sent = await _socket.SendAsync(bytes, SocketFlags.None, ct);
                bytes = bytes[sent..];
            }
        }
        catch (SocketException e)
        {
            throw new RawConnectionClosedException($"send failed: {e.SocketErrorCode}", e);
        }
        catch (ObjectDisposedException e)
        {
            throw new RawConnectionClosedException("send failed: connection disposed", e);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>
    /// Shuts down our sending side only: a server waiting for the rest of a truncated frame then
    /// sees end of stream and must close instead of waiting forever.
    /// </summary>
    public void ShutdownSend()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // The peer already reset the connection; the read loop reports that.
        }
    }

    /// <summary>The next notification; throws TimeoutException when none comes in time.</summary>
    public async Task<WatcherEvent> NextEventAsync(TimeSpan? timeout = null, CancellationToken ct = default) =>
        await _events.Reader.ReadAsync(ct).AsTask().WaitAsync(timeout ?? DefaultTimeout, ct);

    /// <summary>Notifications received and not yet dequeued, without waiting.</summary>
    public IReadOnlyList<WatcherEvent> DrainEvents()
    {
        var drained = new List<WatcherEvent>();
        while (_events.Reader.TryRead(out var e)) drained.Add(e);
        return drained;
    }

    /// <summary>
    /// The next reply no pending request claimed (e.g. the answer to a frame whose xid could not be
    /// known), or null when the connection closed first. Throws TimeoutException when neither happens.
    /// </summary>
    public async Task<ReplyHeader?> NextUnmatchedReplyOrCloseAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        // Waiting to read (not reading) leaves nothing behind to swallow a later reply on timeout.
        var ready = _unmatchedQueue.Reader.WaitToReadAsync(ct).AsTask();
        await Task.WhenAny(ready, _closed.Task).WaitAsync(timeout, ct);
        return _unmatchedQueue.Reader.TryRead(out var header) ? header : null;
    }

    /// <summary>True when the connection ends within the timeout.</summary>
    public async Task<bool> WaitForCloseAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        try
        {
            await _closed.Task.WaitAsync(timeout, ct);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _disposing.CancelAsync();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already reset by the peer: nothing left to shut down.
        }
        catch (ObjectDisposedException)
        {
        }
        _socket.Dispose();
        await _readLoop;
        _disposing.Dispose();
        _sendLock.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        var lengthBuffer = new byte[4];
        try
        {
            while (true)
            {
                if (!await ReadExactlyAsync(lengthBuffer)) break;
                var length = BinaryPrimitives.ReadInt32BigEndian(lengthBuffer);
                if (length < 0 || length > MaxIncomingFrame)
                {
                    _protocolViolation = $"server sent frame length {length}";
                    break;
                }
                var frame = new byte[length];
                if (!await ReadExactlyAsync(frame)) break;
                if (!Dispatch(frame)) break;
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // A reset or our own dispose: either way the connection is over.
        }
        finally
        {
            ClosedByServer = !_disposing.IsCancellationRequested;
            _closed.TrySetResult();
            // Only a handshake someone awaits may fail; an unobserved failed task would be noise.
            if (_handshakeSent) _handshake.TrySetException(ClosedException());
            FailAllPending();
        }
    }

    // False ends the read loop: the stream can no longer be trusted.
    private bool Dispatch(byte[] frame)
    {
        if (!_handshake.Task.IsCompleted)
        {
            try
            {
                var reader = new JuteReader(frame);
                _handshake.TrySetResult(ConnectResponse.Read(ref reader));
                return true;
            }
            catch (JuteException e)
            {
                _protocolViolation = $"undecodable ConnectResponse: {e.Message}";
                return false;
            }
        }

        ReplyHeader header;
        var bodyReader = new JuteReader(frame);
        try
        {
            header = ReplyHeader.Read(ref bodyReader);
        }
        catch (JuteException e)
        {
            _protocolViolation = $"undecodable ReplyHeader: {e.Message}";
            return false;
        }
        var body = frame.AsSpan(bodyReader.Position);

        if (header.Xid == Xids.Notification)
        {
            try
            {
                var eventReader = new JuteReader(body);
                var watcherEvent = WatcherEvent.Read(ref eventReader);
                lock (_pendingLock) _allEvents.Add(watcherEvent);
                _events.Writer.TryWrite(watcherEvent);
                return true;
            }
            catch (JuteException e)
            {
                _protocolViolation = $"undecodable WatcherEvent: {e.Message}";
                return false;
            }
        }

        var pending = TakePending(header);
        if (pending is null) return true;
        Response? decoded = null;
        string? decodeError = null;
        try
        {
            decoded = ResponseDecoder.Decode(pending.Type, body);
        }
        catch (JuteException e)
        {
            decodeError = e.Message;
        }
        int eventsBefore;
        lock (_pendingLock) eventsBefore = _allEvents.Count;
        pending.Reply.TrySetResult(new RawReply(pending.Type, header, decoded, body.ToArray(), decodeError) { EventsBefore = eventsBefore });
        return true;
    }

    private PendingRequest? TakePending(ReplyHeader header)
    {
        lock (_pendingLock)
        {
            var index = _pending.FindIndex(p => p.Xid == header.Xid);
            if (index < 0)
            {
                _unmatchedReplies.Add(header);
                _unmatchedQueue.Writer.TryWrite(header);
                return null;
            }
            if (index > 0) _outOfOrderReplies++;
            var pending = _pending[index];
            _pending.RemoveAt(index);
            return pending;
        }
    }

    private void FailAllPending()
    {
        PendingRequest[] failed;
        lock (_pendingLock)
        {
            failed = [.. _pending];
            _pending.Clear();
        }
        foreach (var pending in failed) pending.Fail(ClosedException());
    }

    private RawConnectionClosedException ClosedException() =>
        new(_protocolViolation is { } violation ? $"connection closed: {violation}" : "connection closed");

    private async Task<bool> ReadExactlyAsync(Memory<byte> buffer)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await _socket.ReceiveAsync(buffer[read..], SocketFlags.None, _disposing.Token);
            if (n == 0) return false;
            read += n;
        }
        return true;
    }

    private sealed class PendingRequest(int xid, OpCode type)
    {
        public int Xid { get; } = xid;
        public OpCode Type { get; } = type;
        public TaskCompletionSource<RawReply> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public void Fail(Exception e) => Reply.TrySetException(e);
    }
}
