using ConfigCenter.Consensus;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Server.Pipeline;
using ConfigCenter.Server.Quorum.Messages;

namespace ConfigCenter.Server.Tests.Core;

/// <summary>An ensemble as the state machine sees it, played by the test: the role is set by hand, proposals and forwards are recorded.</summary>
internal sealed class ScriptedQuorumLink : IQuorumLink
{
    public bool IsServing { get; set; } = true;
    public bool IsLeader { get; set; } = true;
    public string Mode => IsLeader ? "leader" : "follower";
    public LeaderView? Leader => null;
    public long NextProposalZxid { get; private set; } = 1;
    public List<(TxnHeader Header, Txn Txn)> Proposed { get; } = [];

    public void Propose(in TxnHeader header, Txn txn)
    {
        Proposed.Add((header, txn));
        NextProposalZxid++;
    }

    public void Forward(ForwardedRequest request)
    {
    }

    public void Send(PeerId to, ServerMessage message)
    {
    }
}
