namespace ConfigCenter.Consensus.Storage;

/// <summary>
/// The two epoch numbers Zab keeps on disk (ZooKeeper's acceptedEpoch and currentEpoch files).
/// </summary>
/// <param name="AcceptedEpoch">The newest epoch this peer promised to a prospective leader (NEWEPOCH acknowledged).</param>
/// <param name="CurrentEpoch">The newest epoch whose initial history this peer holds durably (NEWLEADER acknowledged).</param>
public readonly record struct HardState(long AcceptedEpoch, long CurrentEpoch)
{
    public override string ToString() => $"accepted={AcceptedEpoch} current={CurrentEpoch}";
}
