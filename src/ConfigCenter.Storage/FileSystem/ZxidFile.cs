namespace ConfigCenter.Storage.FileSystem;

/// <summary>A log segment or snapshot file and the zxid in its name.</summary>
public readonly record struct ZxidFile(string Path, long Zxid);
