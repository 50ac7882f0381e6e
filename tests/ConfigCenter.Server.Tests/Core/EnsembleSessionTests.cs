using System.Buffers.Binary;
using ConfigCenter.Consensus;
using ConfigCenter.Protocol;
using ConfigCenter.Server.DataTree;
using ConfigCenter.Server.Pipeline;
using ConfigCenter.Server.Quorum.Messages;
using ConfigCenter.Server.Sessions;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConfigCenter.Server.Tests.Core;

/// <summary>Sessions in an ensemble member: what a leader tracks for sessions it is only creating.</summary>
public sealed class EnsembleSessionTests
{
    [Fact]
    public void A_leader_that_loses_its_leadership_forgets_a_learners_session_it_had_not_committed()
    {
        var quorum = new ScriptedQuorumLink();
        var now = new ServerTime(0, CoreHarness.StartWallMs);
        var core = new ZkServerCore(new CoreOptions(), now, NullLogger.Instance, null, new ZkDataTree(), new SessionTracker(1, now.WallMs), quorum);
        core.OnQuorumStatus(true, now);
        var timeout = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(timeout, 10_000);
        const long sessionOfLearner = 0x0200000000000001;

        core.OnForwarded(new PeerId(2), new ForwardedRequest(sessionOfLearner, 0, OpCode.CreateSession, timeout, []), now);
        Assert.NotNull(core.Sessions.Get(sessionOfLearner));
        quorum.IsLeader = false;
        core.OnQuorumStatus(false, now);

        // The createSession may never be committed; if it is, applying it tracks the session again.
        Assert.Null(core.Sessions.Get(sessionOfLearner));
    }
}
