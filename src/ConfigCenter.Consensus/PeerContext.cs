using ConfigCenter.Consensus.Messages;
using ConfigCenter.Consensus.Storage;

namespace ConfigCenter.Consensus;

/// <summary>
/// The state every role of a peer shares: configuration, logical time, the hard state, the log and
/// the outputs. Roles ask for a role change through <see cref="RequestLooking"/>; <see cref="ZabPeer"/>
/// performs it once the current input is handled, so no role runs after it has been replaced.
/// </summary>
internal sealed class PeerContext
{
    private readonly long _incarnation;
    private long _connections;

    public PeerContext(ZabConfig config, PersistentState state, IZabLogReader store, long incarnation)
    {
        Config = config;
        Hard = state.HardState;
        Out = new ReadyBuilder(config.MaxBatchEntries);
        Log = new PeerLog(store, Out, state.LastLoggedZxid, state.CommittedZxid);
        _incarnation = incarnation;
    }

    public ZabConfig Config { get; }
    public PeerId Self => Config.Self;
    public bool IsVoter => Config.IsVoter(Self);
    public ReadyBuilder Out { get; }
    public PeerLog Log { get; }
    public HardState Hard { get; private set; }

    /// <summary>Logical time: the number of ticks since this peer started.</summary>
    public long Now { get; set; }

    /// <summary>The status last reported to the shell.</summary>
    public PeerStatus Status { get; private set; } = PeerStatus.Looking;

    /// <summary>
    /// The leader whose NEWEPOCH for <see cref="HardState.AcceptedEpoch"/> this peer acknowledged. Kept
    /// in memory only: after a restart the peer does not know, and refuses to acknowledge that epoch again.
    /// </summary>
    public PeerId? AcceptedEpochFrom { get; set; }

    /// <summary>
    /// Members the shell reported cut off (their connection broke) and not heard from since. Only a hint
    /// for speed: an election need not wait for their votes; safety never depends on it.
    /// </summary>
    public HashSet<PeerId> Unreachable { get; } = [];

    /// <summary>Set when the current role gave up; the reason is for traces and logs.</summary>
    public string? LookingRequested { get; private set; }

    public void RequestLooking(string reason) => LookingRequested ??= reason;

    public void ClearLookingRequest() => LookingRequested = null;

    /// <summary>A connection id greater than any this peer opened before, in this life or an earlier one (the incarnation grows).</summary>
    public long NewConnectionId() => unchecked((_incarnation << 32) + ++_connections);

    public void SetAcceptedEpoch(long epoch)
    {
        if (epoch <= Hard.AcceptedEpoch) throw new InvalidOperationException($"accepted epoch must grow: {Hard.AcceptedEpoch} -> {epoch}");
        Hard = Hard with { AcceptedEpoch = epoch };
        Out.SetHardState(Hard);
    }

    public void SetCurrentEpoch(long epoch)
    {
        if (epoch <= Hard.CurrentEpoch || epoch > Hard.AcceptedEpoch)
            throw new InvalidOperationException($"current epoch {epoch} must grow and stay within the accepted epoch ({Hard})");
        Hard = Hard with { CurrentEpoch = epoch };
        Out.SetHardState(Hard);
    }

    public void Send(PeerId to, ZabMessage message) => Out.Send(to, message);

    /// <summary>Called by a role once it knows the epoch of its leadership (see FastLeaderElection.OnLeadershipEpoch).</summary>
    public Action<long> LeadershipEpochKnown { get; set; } = _ => { };

    public void SetStatus(PeerStatus status)
    {
        if (status == Status) return;
        Status = status;
        Out.Status(status);
    }
}
