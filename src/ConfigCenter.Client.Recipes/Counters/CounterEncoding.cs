using System.Buffers.Binary;

namespace ConfigCenter.Client.Recipes.Counters;

/// <summary>Counter values as Curator stores them: big-endian, 4 bytes for SharedCount, 8 for DistributedAtomicLong; no data reads as 0.</summary>
internal static class CounterEncoding
{
    public static byte[] EncodeInt(int value)
    {
        var bytes = new byte[sizeof(int)];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }

    public static int DecodeInt(byte[] bytes, string path) => bytes.Length switch
    {
        0 => 0,
        >= sizeof(int) => BinaryPrimitives.ReadInt32BigEndian(bytes),
        _ => throw new FormatException($"{path} holds {bytes.Length} bytes, not a 4-byte count."),
    };

    public static byte[] EncodeLong(long value)
    {
        var bytes = new byte[sizeof(long)];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        return bytes;
    }

    public static long DecodeLong(byte[] bytes, string path) => bytes.Length switch
    {
        0 => 0,
        >= sizeof(long) => BinaryPrimitives.ReadInt64BigEndian(bytes),
        _ => throw new FormatException($"{path} holds {bytes.Length} bytes, not an 8-byte value."),
    };
}
