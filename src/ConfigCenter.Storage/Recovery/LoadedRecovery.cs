namespace ConfigCenter.Storage.Recovery;

/// <summary>What recovery found, with the snapshot already loaded into <typeparamref name="TImage"/> (null without a snapshot).</summary>
public sealed record LoadedRecovery<TImage>(RecoveredStorage Storage, TImage? Image) where TImage : class;
