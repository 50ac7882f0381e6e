using ConfigCenter.Consensus;
using ConfigCenter.Consensus.Storage;
using ConfigCenter.Server.DataTree;
using ConfigCenter.Server.Persistence;
using ConfigCenter.Server.Pipeline;
using ConfigCenter.Server.Quorum;
using ConfigCenter.Server.Quorum.Storage;
using ConfigCenter.Server.Sessions;
using ConfigCenter.Storage;
using ConfigCenter.Storage.Snapshots;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConfigCenter.Server.Tests.Quorum;

/// <summary>The I/O-free ensemble member: the state machine always sees the role the Zab core is in.</summary>
public sealed class ReplicaCoreTests
{
    private static readonly ServerTime Now = new(0, 1_700_000_000_000);

    [Fact]
    public void A_tick_carries_out_the_Zab_cores_Ready_before_the_state_machine_acts_again()
    {
        var (member, core) = SingleVoter();

        member.Tick(Now);

        // A lone voter leads at once; without handling the Ready here, the state machine's next input would see the old role.
        Assert.Equal(member.Peer.Status, member.Status);
        Assert.True(core.IsServing);
        Assert.Equal("leader", core.Mode);
    }

    [Fact]
    public void A_broken_connection_carries_out_the_Zab_cores_Ready_too()
    {
        var (member, _) = SingleVoter();

        member.OnPeerDisconnected(new PeerId(2), Now);

        Assert.Equal(member.Peer.Status, member.Status);
    }

    private static (ReplicaCore Member, ZkServerCore Core) SingleVoter()
    {
        var self = new PeerId(1);
        var tree = new ZkDataTree();
        var sessions = new SessionTracker(1, Now.WallMs);
        var recovered = new QuorumRecoveredState(tree, sessions, Zxid.None, [], default, 1);
        var io = new InMemoryReplicaIo();
        var member = new ReplicaCore(new ZabConfig(self, [self], []), recovered, new SnapshotWriter(new StorageOptions { DataDir = "unused" }), io, io, NullLogger.Instance);
        var core = new ZkServerCore(new CoreOptions(), Now, NullLogger.Instance, null, tree, sessions, member);
        member.Attach(core);
        return (member, core);
    }

    /// <summary>A disk that keeps nothing and a network that sends nothing: enough for a lone voter.</summary>
    private sealed class InMemoryReplicaIo : IReplicaDisk, IReplicaNetwork
    {
        public RestoredState InstallSnapshot(ZabSnapshot snapshot, ServerTime now) => throw new InvalidOperationException("a lone voter gets no SNAP");

        public void TruncateAfter(long zxid)
        {
        }

        public void WriteHardState(HardState hard)
        {
        }

        public void Append(LogEntry entry)
        {
        }

        public void Send(PeerId to, object message)
        {
        }
    }
}
