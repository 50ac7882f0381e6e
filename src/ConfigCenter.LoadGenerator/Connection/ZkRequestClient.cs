using System.Net.Sockets;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Jute;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.LoadGenerator.Connection;

/// <summary>
/// A session that sends one request at a time, for work outside the measurement: creating the
/// prefix, checking that a dataset exists, probing a restarted server. Not for load.
/// </summary>
internal sealed class ZkRequestClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly FrameReceiver _receiver;
    private readonly FrameBuffer _frame = new(4096);
    private int _nextXid;
    private bool _closed;

    private ZkRequestClient(Socket socket, FrameReceiver receiver)
    {
        _socket = socket;
        _receiver = receiver;
    }

    public static async Task<ZkRequestClient> ConnectAsync(ServerAddress address, int sessionTimeoutMs, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (socket, receiver, _) = await SessionHandshake.OpenAsync(address, sessionTimeoutMs, timeout, cancellationToken).ConfigureAwait(false);
        return new ZkRequestClient(socket, receiver);
    }

    /// <summary>Sends one request and returns the result code of its reply.</summary>
    public async Task<ErrorCode> ExecuteAsync(OpCode operation, Action<JuteWriter> writeBody, CancellationToken cancellationToken)
    {
        var xid = ++_nextXid;
        _frame.Clear();
        _frame.BeginFrame();
        var writer = new JuteWriter(_frame);
        new RequestHeader(xid, operation).Write(writer);
        writeBody(writer);
        _frame.EndFrame();
        await ZkSocket.SendAllAsync(_socket, _frame.WrittenMemory, cancellationToken).ConfigureAwait(false);

        while (true)
        {
            var payload = await _receiver.ReadFrameAsync(cancellationToken).ConfigureAwait(false);
            var header = ReadHeader(payload.Span);
            if (header.Xid == Xids.Notification) continue;
            if (header.Xid != xid) throw new InvalidDataException($"reply xid {header.Xid} does not answer request xid {xid}");
            return header.Err;
        }
    }

    public Task<ErrorCode> GetDataAsync(string path, CancellationToken cancellationToken) =>
        ExecuteAsync(OpCode.GetData, writer => new GetDataRequest(path, Watch: false).Write(writer), cancellationToken);

    public Task<ErrorCode> CreateAsync(string path, byte[]? data, CancellationToken cancellationToken) =>
        CreateAsync(path, data, CreateMode.Persistent, cancellationToken);

    public Task<ErrorCode> CreateAsync(string path, byte[]? data, CreateMode mode, CancellationToken cancellationToken) =>
        ExecuteAsync(OpCode.Create, writer => new CreateRequest(path, data, Acl.OpenAclUnsafe, (int)mode).Write(writer), cancellationToken);

    public Task<ErrorCode> SetDataAsync(string path, byte[] data, CancellationToken cancellationToken) =>
        ExecuteAsync(OpCode.SetData, writer => new SetDataRequest(path, data, Version: -1).Write(writer), cancellationToken);

    /// <summary>Creates the path and any missing ancestors; nodes that exist already are fine.</summary>
    public async Task EnsurePathAsync(string path, CancellationToken cancellationToken)
    {
        for (var end = path.IndexOf('/', 1); ; end = path.IndexOf('/', end + 1))
        {
            var ancestor = end < 0 ? path : path[..end];
            var result = await CreateAsync(ancestor, null, cancellationToken).ConfigureAwait(false);
            if (result is not (ErrorCode.Ok or ErrorCode.NodeExists))
                throw new InvalidOperationException($"creating {ancestor} failed: {result}");
            if (end < 0) return;
        }
    }

    /// <summary>Ends the session: the server answers closeSession, then closes the connection.</summary>
    public async Task<ErrorCode> CloseSessionAsync(CancellationToken cancellationToken)
    {
        var result = await ExecuteAsync(OpCode.CloseSession, static _ => { }, cancellationToken).ConfigureAwait(false);
        _closed = true;
        return result;
    }

    /// <summary>Drops the connection without closing the session: the server is gone or not answering.</summary>
    public void Abort()
    {
        _closed = true;
        _socket.Dispose();
    }

    /// <summary>Closes the session politely unless that was done already, then the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            if (!_closed) await CloseSessionAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or InvalidDataException)
        {
            // The server is gone or slow to answer: the session expires on its own.
        }
        finally
        {
            _socket.Dispose();
        }
    }

    /// <exception cref="InvalidDataException">The frame is too short for a reply header.</exception>
    private static ReplyHeader ReadHeader(ReadOnlySpan<byte> payload)
    {
        try
        {
            var reader = new JuteReader(payload);
            return ReplyHeader.Read(ref reader);
        }
        catch (JuteException e)
        {
            throw new InvalidDataException($"undecodable reply: {e.Message}", e);
        }
    }
}
