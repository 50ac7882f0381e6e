using System.Buffers;
using System.Buffers.Binary;
using ConfigCenter.Consensus;

namespace ConfigCenter.Server.Quorum.Transport;

/// <summary>
/// The first frame on every peer connection: a magic number, the wire version and the connecting
/// server's myid. It tells the acceptor whose messages follow, and rejects strangers (a client, a port
/// scanner, a server of another version) before any of their bytes are taken for a message.
/// </summary>
internal static class PeerHandshake
{
    /// <summary>"CCQP": ConfigCenter quorum peer.</summary>
    public const int Magic = 0x43435150;

    public const int Version = 1;

    private const int PayloadBytes = 4 + 4 + 8;

    public static byte[] CreateFrame(PeerId self)
    {
        var frame = new byte[PeerFraming.HeaderBytes + PayloadBytes];
        BinaryPrimitives.WriteInt32BigEndian(frame, PayloadBytes);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(4), Magic);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(8), Version);
        BinaryPrimitives.WriteInt64BigEndian(frame.AsSpan(12), self.Value);
        return frame;
    }

    /// <summary>The myid the handshake names.</summary>
    /// <exception cref="PeerProtocolException">The payload is not a handshake of this version.</exception>
    public static PeerId Read(ReadOnlySequence<byte> payload)
    {
        var reader = new PeerPayloadReader(payload);
        var magic = reader.ReadInt();
        if (magic != Magic) throw new PeerProtocolException($"bad handshake magic 0x{magic:x8}");
        var version = reader.ReadInt();
        if (version != Version) throw new PeerProtocolException($"handshake version {version}, this server speaks {Version}");
        var id = new PeerId(reader.ReadLong());
        reader.EnsureEnd();
        return id;
    }
}
