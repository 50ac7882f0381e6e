using System.Buffers;
using System.Text;

namespace ConfigCenter.Server.Quorum.Transport;

/// <summary>
/// Reads the big-endian fields of a peer payload strictly: any shortfall, negative length or count the
/// remaining bytes cannot hold is a <see cref="PeerProtocolException"/>. It reads the receive pipe's
/// segments in place, so a multi-megabyte frame is never flattened into one array first.
/// </summary>
internal ref struct PeerPayloadReader(ReadOnlySequence<byte> payload)
{
    private SequenceReader<byte> _reader = new(payload);

    public readonly long Remaining => _reader.Remaining;

    public byte ReadByte() => _reader.TryRead(out var value) ? value : throw Truncated(1);

    public int ReadInt() => _reader.TryReadBigEndian(out int value) ? value : throw Truncated(4);

    public long ReadLong() => _reader.TryReadBigEndian(out long value) ? value : throw Truncated(8);

    public bool ReadBool() => ReadByte() switch
    {
        0 => false,
        1 => true,
        var other => throw new PeerProtocolException($"byte {other} at offset {_reader.Consumed - 1} is not a boolean"),
    };

    /// <summary>A length-prefixed byte array; null (a negative length) is not allowed.</summary>
    public byte[] ReadBytes()
    {
        var length = ReadInt();
        if (length < 0) throw new PeerProtocolException($"negative length {length} at offset {_reader.Consumed - 4}");
        if (length > _reader.Remaining) throw Truncated(length);
        var bytes = GC.AllocateUninitializedArray<byte>(length);
        _reader.TryCopyTo(bytes);
        _reader.Advance(length);
        return bytes;
    }

    public string ReadText() => Encoding.UTF8.GetString(ReadBytes());

    /// <summary>
    /// A list's element count, checked against the bytes left so a forged count cannot make us
    /// allocate more than the frame could hold.
    /// </summary>
    public int ReadCount(int minElementBytes)
    {
        var count = ReadInt();
        if (count < 0) throw new PeerProtocolException($"negative count {count} at offset {_reader.Consumed - 4}");
        if ((long)count * minElementBytes > _reader.Remaining)
            throw new PeerProtocolException($"count {count} needs at least {(long)count * minElementBytes} bytes, {_reader.Remaining} left");
        return count;
    }

    public readonly void EnsureEnd()
    {
        if (_reader.Remaining > 0) throw new PeerProtocolException($"{_reader.Remaining} trailing bytes after the message");
    }

    private readonly PeerProtocolException Truncated(long wanted) =>
        new($"truncated: wanted {wanted} bytes at offset {_reader.Consumed}, {_reader.Remaining} left");
}
