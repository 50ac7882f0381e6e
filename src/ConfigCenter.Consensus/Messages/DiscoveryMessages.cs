namespace ConfigCenter.Consensus.Messages;

/// <summary>Learner to prospective leader (FOLLOWERINFO / CEPOCH): the newest epoch the learner promised and how far its log goes.</summary>
public sealed record FollowerInfo(long Connection, long AcceptedEpoch, long LastZxid) : ZabMessage;

/// <summary>
/// Leader to learner (LEADERINFO / NEWEPOCH): the epoch of this leadership.
/// <paramref name="LeaderEstablished"/> tells a learner that already promised this epoch that its
/// acknowledgement no longer counts toward any quorum, so answering again is harmless.
/// </summary>
public sealed record NewEpoch(long Epoch, long Connection, bool LeaderEstablished) : SessionMessage(Epoch, Connection);

/// <summary>Learner to leader (ACKEPOCH): the epoch is persisted as accepted; the learner's history summary for sync.</summary>
public sealed record AckEpoch(long Epoch, long Connection, long CurrentEpoch, long LastZxid) : SessionMessage(Epoch, Connection);
