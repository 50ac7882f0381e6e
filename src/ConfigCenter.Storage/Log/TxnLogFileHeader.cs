using System.Buffers.Binary;

namespace ConfigCenter.Storage.Log;

/// <summary>The 16 bytes that open a log segment: magic "CCLG", int32 format version, int64 database id (big-endian).</summary>
internal static class TxnLogFileHeader
{
    public const int Size = 16;
    public const int CurrentVersion = 1;

    public static ReadOnlySpan<byte> Magic => "CCLG"u8;

    public static void Write(Span<byte> destination, long databaseId)
    {
        Magic.CopyTo(destination);
        BinaryPrimitives.WriteInt32BigEndian(destination[4..], CurrentVersion);
        BinaryPrimitives.WriteInt64BigEndian(destination[8..], databaseId);
    }

    public static int ReadVersion(ReadOnlySpan<byte> header) => BinaryPrimitives.ReadInt32BigEndian(header[4..]);

    public static long ReadDatabaseId(ReadOnlySpan<byte> header) => BinaryPrimitives.ReadInt64BigEndian(header[8..]);
}
