using System.Buffers.Binary;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Storage.Buffers;
using ConfigCenter.Storage.Checksums;

namespace ConfigCenter.Storage.Log;

/// <summary>
/// One record of a log segment: int32 payload length, uint32 CRC32C of the payload (both
/// big-endian), then the payload, which is the TxnHeader followed by the Txn body in Jute
/// (<see cref="TxnRecordCodec"/>). A length of zero is never written, so preallocated zeros read as
/// "no more records".
/// </summary>
internal static class TxnLogFrame
{
    public const int PrefixSize = 8;

    public const int MinPayloadLength = TxnRecordCodec.HeaderLength;

    /// <summary>Far above any request ZooKeeper accepts (jute.maxbuffer); larger lengths can only be damage.</summary>
    public const int MaxPayloadLength = 256 * 1024 * 1024;

    public const int MinFrameLength = PrefixSize + MinPayloadLength;

    /// <summary>Where the zxid sits in a frame: after the prefix, the session id and the cxid.</summary>
    public const int ZxidOffsetInFrame = PrefixSize + TxnRecordCodec.ZxidOffset;

    /// <summary>Appends one framed record to the buffer; on failure the buffer is left as it was.</summary>
    public static void Write(PooledByteBuffer output, in TxnHeader header, Txn txn)
    {
        var start = output.WrittenCount;
        try
        {
            output.GetSpan(PrefixSize);
            output.Advance(PrefixSize);
            TxnRecordCodec.Write(output, header, txn);
            var payloadLength = output.WrittenCount - start - PrefixSize;
            if (payloadLength > MaxPayloadLength)
                throw new ArgumentException($"transaction 0x{header.Zxid:x} is {payloadLength} bytes, over the log's limit of {MaxPayloadLength}");
            WritePrefix(output.WrittenSpan[start..]);
        }
        catch
        {
            output.Truncate(start);
            throw;
        }
    }

    /// <summary>Appends a record already serialized by <see cref="TxnRecordCodec"/> and checked with <see cref="CheckPayload"/>.</summary>
    public static void Write(PooledByteBuffer output, ReadOnlySpan<byte> payload)
    {
        var frame = output.GetSpan(PrefixSize + payload.Length)[..(PrefixSize + payload.Length)];
        payload.CopyTo(frame[PrefixSize..]);
        WritePrefix(frame);
        output.Advance(frame.Length);
    }

    /// <summary>Refuses a serialized record the log could not hold or that claims another zxid.</summary>
    public static void CheckPayload(long zxid, ReadOnlySpan<byte> payload, string parameterName)
    {
        if (payload.Length < MinPayloadLength || payload.Length > MaxPayloadLength)
            throw new ArgumentException($"a record of {payload.Length} bytes cannot be logged: it must hold at least a transaction header ({MinPayloadLength} bytes) and at most {MaxPayloadLength}", parameterName);
        var recorded = TxnRecordCodec.ReadZxid(payload);
        if (recorded != zxid)
            throw new ArgumentException($"the record's header has zxid 0x{recorded:x}, not 0x{zxid:x}", parameterName);
    }

    /// <summary>Fills in the length and CRC of a frame whose payload is in place after them.</summary>
    private static void WritePrefix(Span<byte> frame)
    {
        var payload = frame[PrefixSize..];
        BinaryPrimitives.WriteInt32BigEndian(frame, payload.Length);
        BinaryPrimitives.WriteUInt32BigEndian(frame[4..], Crc32C.Compute(payload));
    }
}
