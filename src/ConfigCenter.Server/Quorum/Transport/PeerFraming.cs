using System.Buffers;
using System.Buffers.Binary;

namespace ConfigCenter.Server.Quorum.Transport;

/// <summary>Frames on a peer connection: a 4-byte big-endian payload length, then the payload.</summary>
internal static class PeerFraming
{
    public const int HeaderBytes = 4;

    /// <summary>Cuts the next whole frame off <paramref name="buffer"/>; false when more bytes are needed.</summary>
    /// <exception cref="PeerProtocolException">The length is negative or over <paramref name="maxFrameBytes"/>.</exception>
    public static bool TryCut(ref ReadOnlySequence<byte> buffer, int maxFrameBytes, out ReadOnlySequence<byte> payload)
    {
        payload = default;
        if (buffer.Length < HeaderBytes) return false;
        Span<byte> header = stackalloc byte[HeaderBytes];
        buffer.Slice(0, HeaderBytes).CopyTo(header);
        var length = BinaryPrimitives.ReadInt32BigEndian(header);
        if (length < 0 || length > maxFrameBytes)
            throw new PeerProtocolException($"frame length {length} is outside [0, {maxFrameBytes}]");
        if (buffer.Length < HeaderBytes + length) return false;
        payload = buffer.Slice(HeaderBytes, length);
        buffer = buffer.Slice(HeaderBytes + length);
        return true;
    }
}
