using System.Buffers.Binary;
using System.Net.Sockets;

namespace ConfigCenter.LoadGenerator.Connection;

/// <summary>
/// Reads length-prefixed frames from a socket into one reusable buffer. Many replies arrive per
/// receive, so they are handed out in batches without copying; a frame stays valid until the next
/// <see cref="ReceiveAsync"/>.
/// </summary>
internal sealed class FrameReceiver(Socket socket, int maxFrameLength)
{
    private const int LengthPrefixSize = 4;

    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    /// <summary>Reads what the socket has; false when the peer closed the connection.</summary>
    public async ValueTask<bool> ReceiveAsync(CancellationToken cancellationToken)
    {
        MakeRoom();
        var received = await socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        _end += received;
        return received > 0;
    }

    /// <summary>The next complete frame's payload, if the buffer holds one.</summary>
    /// <exception cref="InvalidDataException">The length prefix is negative or beyond the limit.</exception>
    public bool TryReadFrame(out ReadOnlyMemory<byte> payload)
    {
        payload = default;
        if (_end - _start < LengthPrefixSize) return false;
        var length = BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(_start, LengthPrefixSize));
        if (length < 0 || length > maxFrameLength)
            throw new InvalidDataException($"the server sent a frame of length {length}");
        if (_end - _start - LengthPrefixSize < length) return false;
        payload = _buffer.AsMemory(_start + LengthPrefixSize, length);
        _start += LengthPrefixSize + length;
        return true;
    }

    /// <summary>Receives until a whole frame is there; for the one-at-a-time handshake and setup requests.</summary>
    /// <exception cref="IOException">The connection closed first.</exception>
    public async ValueTask<ReadOnlyMemory<byte>> ReadFrameAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryReadFrame(out var payload)) return payload;
            if (!await ReceiveAsync(cancellationToken).ConfigureAwait(false))
                throw new IOException("the server closed the connection");
        }
    }

    // Receives in place while the frame being read fits and a quarter of the buffer is free;
    // otherwise moves the unread bytes to the front, into a larger buffer when the frame needs one.
    private void MakeRoom()
    {
        if (_start == _end) _start = _end = 0;
        var unread = _end - _start;
        var wholeFrame = unread >= LengthPrefixSize
            ? LengthPrefixSize + BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(_start, LengthPrefixSize))
            : 0;
        if (_start + wholeFrame <= _buffer.Length && _buffer.Length - _end >= _buffer.Length / 4) return;

        var target = wholeFrame > _buffer.Length ? new byte[Math.Max(wholeFrame, _buffer.Length * 2)] : _buffer;
        _buffer.AsSpan(_start, unread).CopyTo(target);
        _buffer = target;
        _start = 0;
        _end = unread;
    }
}
