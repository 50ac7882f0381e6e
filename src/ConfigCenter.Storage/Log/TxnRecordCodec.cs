using System.Buffers;
using System.Buffers.Binary;
using ConfigCenter.Protocol.Jute;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Storage.Log;

/// <summary>
/// A transaction as bytes: the <see cref="TxnHeader"/> followed by the <see cref="Txn"/> body, both in
/// Jute. This is exactly the payload of a log record, and the data of an ensemble log entry, so an
/// entry received from the leader is logged as it came (<see cref="TxnLogWriter.AppendSerialized"/>)
/// and a logged record is sent as it lies on disk (<see cref="Recovery.RecoveredStorage.ReadLogRecords"/>).
/// </summary>
public static class TxnRecordCodec
{
    /// <summary>A header alone: session (8), cxid (4), zxid (8), time (8), type (4). No record is shorter.</summary>
    public const int HeaderLength = 32;

    /// <summary>Where the zxid sits: after the session id and the cxid.</summary>
    internal const int ZxidOffset = 12;

    /// <summary>Encodes a transaction.</summary>
    /// <exception cref="ArgumentException">The body does not go with the header's type, so it could not be read back.</exception>
    public static byte[] Serialize(in TxnHeader header, Txn txn)
    {
        EnsureReadable(header, txn);
        var output = new ArrayBufferWriter<byte>(256);
        Write(output, header, txn);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Decodes a record; the whole span must be one record.</summary>
    /// <exception cref="JuteException">The bytes are not a record: cut short, an unknown type, bytes left over.</exception>
    public static LoggedTxn Deserialize(ReadOnlySpan<byte> record)
    {
        var reader = new JuteReader(record);
        var header = TxnHeader.Read(ref reader);
        var txn = Txn.Read(header.Type, ref reader);
        if (!reader.End) throw new JuteException($"{reader.Remaining} bytes left after the body of transaction 0x{header.Zxid:x}");
        return new LoggedTxn(header, txn);
    }

    /// <summary>The zxid in a record's header, read without decoding the rest.</summary>
    internal static long ReadZxid(ReadOnlySpan<byte> record) => BinaryPrimitives.ReadInt64BigEndian(record[ZxidOffset..]);

    /// <summary>Encodes without checking the pair; callers check with <see cref="EnsureReadable"/> where the caller's mistake can still be reported.</summary>
    internal static void Write(IBufferWriter<byte> output, in TxnHeader header, Txn txn)
    {
        var writer = new JuteWriter(output);
        header.Write(writer);
        txn.Write(writer);
    }

    /// <summary>
    /// A record is decoded by its header's type, so a mismatched pair would encode fine and be
    /// unreadable at recovery: refuse it while the caller can still be told.
    /// </summary>
    internal static void EnsureReadable(in TxnHeader header, Txn txn)
    {
        ArgumentNullException.ThrowIfNull(txn);
        if (!TxnTypes.Match(header.Type, txn))
            throw new ArgumentException($"a {txn.GetType().Name} cannot be logged under header type {header.Type}: it could not be read back", nameof(txn));
    }
}
