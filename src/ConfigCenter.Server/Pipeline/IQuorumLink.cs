using ConfigCenter.Consensus;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Server.Quorum.Messages;

namespace ConfigCenter.Server.Pipeline;

/// <summary>
/// What the state machine needs from the ensemble: whether it may serve, and a way to have writes
/// ordered — proposing them as the leader, forwarding them to the leader otherwise. Implemented by the
/// quorum shell around the Zab core; committed transactions come back through <see cref="ZkServerCore.OnCommitted"/>.
/// </summary>
internal interface IQuorumLink
{
    /// <summary>Leading with an established epoch, or following/observing a leader after UPTODATE.</summary>
    bool IsServing { get; }

    bool IsLeader { get; }

    /// <summary>leader, follower, observer or looking, as srvr and mntr report it.</summary>
    string Mode { get; }

    /// <summary>Leader: its learners, for srvr and mntr.</summary>
    LeaderView? Leader { get; }

    /// <summary>Leader: the zxid the next proposal gets.</summary>
    long NextProposalZxid { get; }

    /// <summary>Leader: log and broadcast the transaction under <see cref="NextProposalZxid"/>.</summary>
    void Propose(in TxnHeader header, Txn txn);

    /// <summary>Learner: hand a request to the leader.</summary>
    void Forward(ForwardedRequest request);

    /// <summary>Leader: answer the learner a forwarded request came from.</summary>
    void Send(PeerId to, ServerMessage message);
}
