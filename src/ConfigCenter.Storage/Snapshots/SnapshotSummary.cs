namespace ConfigCenter.Storage.Snapshots;

/// <summary>A snapshot that was read in full and found sound.</summary>
public sealed record SnapshotSummary(string Path, long Zxid, long DatabaseId, int SessionCount, long NodeCount);
