using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Server.Pipeline;

/// <summary>
/// Where the state machine sends transactions to be made durable. Appending only queues: the log
/// reports back through <see cref="ZkServerCore.OnDurable"/> (or <see cref="ZkServerCore.OnLogFailed"/>),
/// and only then are the transactions applied and their requests answered. Nothing is acknowledged
/// before it is on disk.
/// </summary>
internal interface ITransactionLog
{
    void Append(in TxnHeader header, Txn txn);

    /// <summary>
    /// After a failure the state machine dropped everything past <paramref name="lastDurableZxid"/>;
    /// the log must forget it too (and ignore late reports about it) before the next append reuses those zxids.
    /// </summary>
    void Reset(long lastDurableZxid);
}
