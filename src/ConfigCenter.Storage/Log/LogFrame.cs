namespace ConfigCenter.Storage.Log;

/// <summary>A record found in a segment, checksum verified. The payload is only valid until the reader reads on.</summary>
public readonly record struct LogFrame(long Offset, long Zxid, ReadOnlyMemory<byte> Payload)
{
    /// <summary>The bytes the record takes in the file, prefix included.</summary>
    public int Length => TxnLogFrame.PrefixSize + Payload.Length;
}
