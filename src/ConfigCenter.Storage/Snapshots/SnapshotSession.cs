namespace ConfigCenter.Storage.Snapshots;

/// <summary>A live session as a snapshot keeps it: its id and negotiated timeout.</summary>
public readonly record struct SnapshotSession(long SessionId, int TimeoutMs);
