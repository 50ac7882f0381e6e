namespace ConfigCenter.Consensus.Storage;

/// <summary>One transaction of the replicated log: its zxid and its opaque bytes (a serialized TxnHeader + Txn for the server).</summary>
/// <remarks>The bytes are shared between the log, messages and the shell and must not be modified.</remarks>
public sealed record LogEntry(long Zxid, byte[] Data)
{
    public override string ToString() => $"{ConfigCenter.Consensus.Zxid.Format(Zxid)}({Data.Length}B)";
}
