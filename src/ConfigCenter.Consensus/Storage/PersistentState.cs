namespace ConfigCenter.Consensus.Storage;

/// <summary>What a (re)starting peer resumes from; read by the shell from its durable store.</summary>
/// <param name="HardState">The epochs, as last made durable.</param>
/// <param name="LastLoggedZxid">The zxid of the last durable log entry (the snapshot's zxid when the log after it is empty).</param>
/// <param name="CommittedZxid">
/// The zxid of the state the shell restored (its snapshot, plus committed entries it replayed): everything up
/// to it is known committed and will not be handed out for applying again. At most <paramref name="LastLoggedZxid"/>.
/// </param>
public sealed record PersistentState(HardState HardState, long LastLoggedZxid, long CommittedZxid)
{
    public static PersistentState Empty { get; } = new(default, ConfigCenter.Consensus.Zxid.None, ConfigCenter.Consensus.Zxid.None);
}
