using ConfigCenter.Protocol.Records;
using ConfigCenter.Server.Pipeline;

namespace ConfigCenter.Server.Tests.Core;

/// <summary>A transaction log that only records what it is given; the test decides when it is durable.</summary>
internal sealed class RecordingLog : ITransactionLog
{
    public List<(TxnHeader Header, Txn Txn)> Appended { get; } = [];

    public long LastAppendedZxid => Appended.Count == 0 ? 0 : Appended[^1].Header.Zxid;

    public void Append(in TxnHeader header, Txn txn) => Appended.Add((header, txn));

    public void Reset(long lastDurableZxid) => Appended.RemoveAll(entry => entry.Header.Zxid > lastDurableZxid);
}
