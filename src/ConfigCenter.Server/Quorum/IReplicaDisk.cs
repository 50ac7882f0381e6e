using ConfigCenter.Consensus;
using ConfigCenter.Consensus.Storage;
using ConfigCenter.Server.Persistence;
using ConfigCenter.Server.Pipeline;

namespace ConfigCenter.Server.Quorum;

/// <summary>
/// The durable storage of an ensemble member as <see cref="ReplicaCore"/> uses it: the files in the
/// server, an in-memory disk with crashes in the simulation. The rewrites (snapshot install,
/// truncation, epochs) are durable when they return; appends complete later and are reported back
/// through <see cref="ReplicaCore.OnDurable"/>.
/// </summary>
internal interface IReplicaDisk
{
    /// <summary>SNAP: the leader's image replaces the state and the whole log; returns the tree and sessions it holds.</summary>
    RestoredState InstallSnapshot(ZabSnapshot snapshot, ServerTime now);

    /// <summary>TRUNC: forget every entry after <paramref name="zxid"/>; the kept log's durability is reported as a later input.</summary>
    void TruncateAfter(long zxid);

    void WriteHardState(HardState hard);

    /// <summary>Queues the entry behind the earlier ones; durability is reported later, in order.</summary>
    void Append(LogEntry entry);
}
