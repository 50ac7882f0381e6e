using System.Buffers;
using System.Buffers.Binary;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Jute;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Testing.Raw;

/// <summary>
/// Builds complete wire frames (4-byte big-endian length, then the payload) so tests can send them
/// as they are or mutate them first.
/// </summary>
public static class RawFrames
{
    public const int LengthPrefixSize = 4;

    public static byte[] Connect(ConnectRequest request) => Build(writer => request.Write(writer));

    public static byte[] Request(int xid, OpCode type, Request? body) => Build(writer =>
    {
        new RequestHeader(xid, type).Write(writer);
        body?.Write(writer);
    });

    /// <summary>Prefixes an arbitrary payload with its length.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> payload)
    {
        var frame = new byte[LengthPrefixSize + payload.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, payload.Length);
        payload.CopyTo(frame.AsSpan(LengthPrefixSize));
        return frame;
    }

    /// <summary>Serializes with the given writer and returns the framed bytes.</summary>
    public static byte[] Build(Action<JuteWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(new JuteWriter(buffer));
        return Frame(buffer.WrittenSpan);
    }
}
