using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Storage.Log;

/// <summary>One transaction as the log holds it: the header (zxid, time, session, type) and its body.</summary>
public readonly record struct LoggedTxn(TxnHeader Header, Txn Txn)
{
    public long Zxid => Header.Zxid;
}
