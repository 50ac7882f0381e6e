using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Jute;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Server.Admin;
using ConfigCenter.Server.Hosting;
using ConfigCenter.Server.Pipeline;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Server.Network;

/// <summary>
/// One client socket. The receive loop cuts frames and posts them to the core's event loop; the
/// core writes replies into an unbounded pipe (it must never wait on a slow client), and the send
/// loop drains that pipe into the socket. Only the core thread writes to the pipe.
/// </summary>
internal sealed class ClientConnection : IClientConnection
{
    private const int FrameHeaderSize = 4;

    // A client that stops reading would otherwise make us buffer its replies and notifications forever.
    private const long MaxUnsentBytes = 64L * 1024 * 1024;
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly CoreEventLoop _loop;
    private readonly ILogger _logger;
    private readonly int _maxFrameSize;
    private readonly AdminContext _admin;
    private readonly Pipe _output = new(new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0, useSynchronizationContext: false));
    private readonly ArrayBufferWriter<byte> _scratch = new(256);
    private bool _outputCompleted;
    private long _bytesQueued;
    private long _bytesSent;
    private bool _handshakeDone;

    public ClientConnection(Socket socket, CoreEventLoop loop, int maxFrameSize, AdminContext admin, ILogger logger)
    {
        _admin = admin;
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _loop = loop;
        _maxFrameSize = maxFrameSize;
        _logger = logger;
        RemoteEndPoint = socket.RemoteEndPoint?.ToString() ?? "unknown";
        Identities = [new Id("ip", RemoteAddress)];
    }

    public long SessionId { get; set; }
    public List<Id> Identities { get; }
    public string RemoteEndPoint { get; }
    public string RemoteAddress => (_socket.RemoteEndPoint as System.Net.IPEndPoint)?.Address.ToString() ?? "unknown";
    private long _packetsReceived;

    /// <summary>Counted on the receive loop, read by the cons command; a rough figure is fine there.</summary>
    public long PacketsReceived
    {
        get => Interlocked.Read(ref _packetsReceived);
        set => Interlocked.Exchange(ref _packetsReceived, value);
    }
    public long PacketsSent { get; private set; }

    /// <summary>Runs until the peer or the server closes the connection.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _loop.Post(core => core.OnConnectionOpened(this));
        var sending = SendLoopAsync();
        try
        {
            await ReceiveLoopAsync(cancellationToken);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            _logger.LogDebug("Connection {Peer} ended: {Reason}", RemoteEndPoint, e.Message);
        }
        finally
        {
            _loop.Post(core =>
            {
                core.OnConnectionClosed(this);
                CompleteOutput();
            });
            await sending;
            _stream.Dispose();
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
        try
        {
            while (true)
            {
                var read = await input.ReadAsync(cancellationToken);
                var buffer = read.Buffer;
                bool stop;
                while (TryTakeFrame(ref buffer, out var frame, out stop))
                {
                    if (!Dispatch(frame)) return;
                }
                input.AdvanceTo(buffer.Start, buffer.End);
                if (stop || read.IsCompleted) return;
            }
        }
        finally
        {
            await input.CompleteAsync();
        }
    }

    /// <summary>Cuts one frame; false when more bytes are needed or the connection must stop.</summary>
    private bool TryTakeFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> frame, out bool stop)
    {
        frame = default;
        stop = false;
        if (buffer.Length < FrameHeaderSize) return false;
        Span<byte> prefix = stackalloc byte[FrameHeaderSize];
        buffer.Slice(0, FrameHeaderSize).CopyTo(prefix);

        if (!_handshakeDone && FourLetterCommands.TryParse(prefix, out var word))
        {
            // A four-letter word replaces the handshake: answer it, then close.
            stop = true;
            _loop.Post(core => SendTextAndClose(FourLetterCommands.Execute(word, core, _admin)));
            buffer = buffer.Slice(FrameHeaderSize);
            return false;
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(prefix);
        if (length < 0 || length > _maxFrameSize)
        {
            _logger.LogWarning("Closing connection from {Peer}: frame length {Length} is outside [0, {Max}]", RemoteEndPoint, length, _maxFrameSize);
            stop = true;
            return false;
        }
        if (buffer.Length < FrameHeaderSize + length) return false;
        frame = buffer.Slice(FrameHeaderSize, length);
        buffer = buffer.Slice(FrameHeaderSize + length);
        return true;
    }

    /// <summary>Hands a frame to the core; false when the connection must close.</summary>
    private bool Dispatch(ReadOnlySequence<byte> frame)
    {
        if (!_handshakeDone) return DispatchConnect(frame);
        var length = (int)frame.Length;
        if (length < RequestHeader.Size)
        {
            _logger.LogWarning("Closing connection from {Peer}: request of {Length} bytes has no complete header", RemoteEndPoint, length);
            return false;
        }
        // The pipe reuses the frame's memory once we advance, so the core gets a pooled copy.
        var bytes = ArrayPool<byte>.Shared.Rent(length);
        frame.CopyTo(bytes);
        Interlocked.Increment(ref _packetsReceived);
        var headerReader = new JuteReader(bytes.AsSpan(0, RequestHeader.Size));
        _loop.PostRequest(this, RequestHeader.Read(ref headerReader), bytes, length);
        return true;
    }

    private bool DispatchConnect(ReadOnlySequence<byte> frame)
    {
        ConnectRequest request;
        try
        {
            var reader = new JuteReader(frame.ToArray());
            request = ConnectRequest.Read(ref reader);
        }
        catch (JuteException e)
        {
            _logger.LogWarning("Closing connection from {Peer}: malformed connect request ({Reason})", RemoteEndPoint, e.Message);
            return false;
        }
        _handshakeDone = true;
        _loop.Post(core => core.OnConnect(this, request, _loop.Now));
        return true;
    }

    private async Task SendLoopAsync()
    {
        var reader = _output.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync();
                foreach (var segment in result.Buffer) await _stream.WriteAsync(segment);
                Interlocked.Add(ref _bytesSent, result.Buffer.Length);
                reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted) break;
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            _logger.LogDebug("Send to {Peer} failed: {Reason}", RemoteEndPoint, e.Message);
        }
        finally
        {
            await reader.CompleteAsync();
            // Closing our side ends the receive loop too, whichever side decided to close.
            try { _socket.Shutdown(SocketShutdown.Both); } catch (SocketException) { } catch (ObjectDisposedException) { }
        }
    }

    // The methods below run on the core thread only.

    public void SendConnectResponse(ConnectResponse response)
    {
        if (_outputCompleted) return;
        FrameEncoder.WriteConnectResponse(_output.Writer, _scratch, response);
        Flush();
    }

    public void SendReply(in ReplyHeader header, Response? body)
    {
        if (_outputCompleted) return;
        FrameEncoder.WriteReply(_output.Writer, _scratch, header, body);
        Flush();
    }

    public void Notify(WatcherEvent watchedEvent)
    {
        if (_outputCompleted) return;
        FrameEncoder.WriteNotification(_output.Writer, _scratch, -1, watchedEvent);
        Flush();
    }

    public void Close(string reason)
    {
        _logger.LogDebug("Closing connection {Peer} (session 0x{Session:x}): {Reason}", RemoteEndPoint, SessionId, reason);
        CompleteOutput();
    }

    private void SendTextAndClose(string text)
    {
        if (_outputCompleted) return;
        var bytes = Encoding.UTF8.GetBytes(text);
        _output.Writer.Write(bytes);
        Flush();
        CompleteOutput();
    }

    private void Flush()
    {
        PacketsSent++;
        _bytesQueued += _output.Writer.UnflushedBytes;
        if (_bytesQueued - Interlocked.Read(ref _bytesSent) > MaxUnsentBytes)
        {
            _logger.LogWarning("Closing connection from {Peer}: it has not read {Bytes} bytes of replies", RemoteEndPoint, _bytesQueued - _bytesSent);
            CompleteOutput();
            try { _socket.Shutdown(SocketShutdown.Both); } catch (SocketException) { } catch (ObjectDisposedException) { }
            return;
        }
        // Never pauses: the pipe has no writer threshold, so this completes synchronously.
        var flush = _output.Writer.FlushAsync();
        if (!flush.IsCompleted) _ = flush.AsTask();
    }

    private void CompleteOutput()
    {
        if (_outputCompleted) return;
        _outputCompleted = true;
        _output.Writer.Complete();
    }
}
