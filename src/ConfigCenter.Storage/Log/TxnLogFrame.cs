using System.Buffers.Binary;
using ConfigCenter.Protocol.Jute;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Storage.Buffers;
using ConfigCenter.Storage.Checksums;

namespace ConfigCenter.Storage.Log;

/// <summary>
/// One record of a log segment: int32 payload length, uint32 CRC32C of the payload (both
/// big-endian), then the payload, which is the TxnHeader followed by the Txn body in Jute.
/// A length of zero is never written, so preallocated zeros read as "no more records".
/// </summary>
internal static class TxnLogFrame
{
    public const int PrefixSize = 8;

    /// <summary>A TxnHeader alone: session (8), cxid (4), zxid (8), time (8), type (4).</summary>
    public const int MinPayloadLength = 32;

    /// <summary>Far above any request ZooKeeper accepts (jute.maxbuffer); larger lengths can only be damage.</summary>
    public const int MaxPayloadLength = 256 * 1024 * 1024;

    public const int MinFrameLength = PrefixSize + MinPayloadLength;

    /// <summary>Where the zxid sits in a frame: after the prefix, the session id and the cxid.</summary>
    public const int ZxidOffsetInFrame = PrefixSize + 12;

    /// <summary>Appends one framed record to the buffer; on failure the buffer is left as it was.</summary>
    public static void Write(PooledByteBuffer output, in TxnHeader header, Txn txn)
    {
        var start = output.WrittenCount;
        try
        {
            output.GetSpan(PrefixSize);
            output.Advance(PrefixSize);
            var writer = new JuteWriter(output);
            header.Write(writer);
            txn.Write(writer);
            var payloadLength = output.WrittenCount - start - PrefixSize;
            if (payloadLength > MaxPayloadLength)
                throw new ArgumentException($"transaction 0x{header.Zxid:x} is {payloadLength} bytes, over the log's limit of {MaxPayloadLength}");
            var frame = output.WrittenSpan[start..];
            BinaryPrimitives.WriteInt32BigEndian(frame, payloadLength);
            BinaryPrimitives.WriteUInt32BigEndian(frame[4..], Crc32C.Compute(frame[PrefixSize..]));
        }
        catch
        {
            output.Truncate(start);
            throw;
        }
    }

    public static long ReadZxid(ReadOnlySpan<byte> payload) => BinaryPrimitives.ReadInt64BigEndian(payload[12..]);

    /// <summary>Decodes a payload whose CRC already matched; throws JuteException when it does not parse.</summary>
    public static LoggedTxn Decode(ReadOnlySpan<byte> payload)
    {
        var reader = new JuteReader(payload);
        var header = TxnHeader.Read(ref reader);
        var txn = Txn.Read(header.Type, ref reader);
        if (!reader.End) throw new JuteException($"{reader.Remaining} bytes left after the transaction body");
        return new LoggedTxn(header, txn);
    }
}
