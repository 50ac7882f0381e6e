namespace ConfigCenter.Storage.Purge;

/// <summary>The files a purge removed.</summary>
public sealed record PurgeResult(IReadOnlyList<string> DeletedSnapshots, IReadOnlyList<string> DeletedLogSegments);
