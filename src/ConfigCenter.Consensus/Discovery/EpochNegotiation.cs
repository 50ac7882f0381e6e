using ConfigCenter.Consensus.Election;
using ConfigCenter.Consensus.Storage;

namespace ConfigCenter.Consensus.Discovery;

internal enum EpochAckResult
{
    Pending,
    QuorumReached,

    /// <summary>A voter's history is more recent than the leader's: the leader may lack committed entries and must not lead.</summary>
    FollowerAhead,
}

/// <summary>
/// The prospective leader's side of discovery. The new epoch is one above every accepted epoch heard
/// from a quorum of voters (so it is above any epoch a quorum ever promised), and the epoch stands once a
/// quorum of voters persisted it. Each acknowledging voter's history must not be more recent than the
/// leader's: that quorum intersects every commit quorum, which is why the leader's history then holds
/// every committed entry.
/// </summary>
internal sealed class EpochNegotiation
{
    private readonly ZabConfig _config;
    private readonly long _leaderCurrentEpoch;
    private readonly long _leaderLastZxid;
    private readonly HashSet<PeerId> _heardFrom = [];
    private readonly HashSet<PeerId> _acknowledgedBy = [];
    private long _maxAcceptedEpoch;

    public EpochNegotiation(ZabConfig config, HardState leader, long leaderLastZxid)
    {
        _config = config;
        _leaderCurrentEpoch = leader.CurrentEpoch;
        _leaderLastZxid = leaderLastZxid;
        _maxAcceptedEpoch = leader.AcceptedEpoch;
        _heardFrom.Add(config.Self);
        TryChoose();
    }

    /// <summary>The new epoch, once a quorum's accepted epochs are known.</summary>
    public long? Epoch { get; private set; }

    public bool AcknowledgedByQuorum => _acknowledgedBy.Count >= _config.QuorumSize;

    /// <returns>Whether this message completed the quorum and the epoch was just chosen.</returns>
    public bool OnFollowerInfo(PeerId from, long acceptedEpoch)
    {
        if (Epoch is not null) return false;
        _maxAcceptedEpoch = Math.Max(_maxAcceptedEpoch, acceptedEpoch);
        if (_config.IsVoter(from)) _heardFrom.Add(from);
        return TryChoose();
    }

    public EpochAckResult OnAckEpoch(PeerId from, long currentEpoch, long lastZxid)
    {
        if (Epoch is null) throw new InvalidOperationException("no epoch was proposed yet");
        if (!_config.IsVoter(from)) return AcknowledgedByQuorum ? EpochAckResult.QuorumReached : EpochAckResult.Pending;
        if (VoteOrder.IsMoreRecent(currentEpoch, lastZxid, _leaderCurrentEpoch, _leaderLastZxid)) return EpochAckResult.FollowerAhead;
        _acknowledgedBy.Add(from);
        return AcknowledgedByQuorum ? EpochAckResult.QuorumReached : EpochAckResult.Pending;
    }

    private bool TryChoose()
    {
        if (_heardFrom.Count < _config.QuorumSize) return false;
        Epoch = _maxAcceptedEpoch + 1;
        // The leader persists the epoch itself before announcing it, so it counts as acknowledged.
        _acknowledgedBy.Add(_config.Self);
        return true;
    }
}
