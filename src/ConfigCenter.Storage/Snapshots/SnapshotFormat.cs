using System.Buffers.Binary;

namespace ConfigCenter.Storage.Snapshots;

/// <summary>
/// A snapshot file: a plain header, the zlib-compressed content, a plain trailer.
/// <code>
/// header  (24): "CCSN", int32 version, int64 database id, int64 zxid
/// content     : int32 session count, (int64 id, int32 timeout)*, (int32 length, node)*, int32 -1
/// trailer (24): int64 node count, int64 zxid, uint32 CRC32C, "CCSE"
/// </code>
/// The CRC covers the header, the uncompressed content and the trailer's count and zxid. All
/// integers are big-endian; a node is Jute: path, data, ACL vector, then the persisted stat.
/// </summary>
internal static class SnapshotFormat
{
    public const int HeaderSize = 24;
    public const int TrailerSize = 24;
    public const int CurrentVersion = 1;
    public const int EndOfNodes = -1;

    /// <summary>The trailer bytes the CRC covers: node count and zxid.</summary>
    public const int TrailerChecksummedSize = 16;

    public static ReadOnlySpan<byte> HeaderMagic => "CCSN"u8;
    public static ReadOnlySpan<byte> TrailerMagic => "CCSE"u8;

    public static void WriteHeader(Span<byte> destination, long databaseId, long zxid)
    {
        HeaderMagic.CopyTo(destination);
        BinaryPrimitives.WriteInt32BigEndian(destination[4..], CurrentVersion);
        BinaryPrimitives.WriteInt64BigEndian(destination[8..], databaseId);
        BinaryPrimitives.WriteInt64BigEndian(destination[16..], zxid);
    }

    /// <summary>Fills in the count and zxid; the CRC is added by <see cref="WriteTrailerChecksum"/> once computed over them.</summary>
    public static void WriteTrailer(Span<byte> destination, long nodeCount, long zxid)
    {
        BinaryPrimitives.WriteInt64BigEndian(destination, nodeCount);
        BinaryPrimitives.WriteInt64BigEndian(destination[8..], zxid);
        TrailerMagic.CopyTo(destination[20..]);
    }

    public static void WriteTrailerChecksum(Span<byte> trailer, uint crc) => BinaryPrimitives.WriteUInt32BigEndian(trailer[16..], crc);

    public static int HeaderVersion(ReadOnlySpan<byte> header) => BinaryPrimitives.ReadInt32BigEndian(header[4..]);
    public static long HeaderDatabaseId(ReadOnlySpan<byte> header) => BinaryPrimitives.ReadInt64BigEndian(header[8..]);
    public static long HeaderZxid(ReadOnlySpan<byte> header) => BinaryPrimitives.ReadInt64BigEndian(header[16..]);
    public static long TrailerNodeCount(ReadOnlySpan<byte> trailer) => BinaryPrimitives.ReadInt64BigEndian(trailer);
    public static long TrailerZxid(ReadOnlySpan<byte> trailer) => BinaryPrimitives.ReadInt64BigEndian(trailer[8..]);
    public static uint TrailerChecksum(ReadOnlySpan<byte> trailer) => BinaryPrimitives.ReadUInt32BigEndian(trailer[16..]);
}
