namespace ConfigCenter.Storage.Recovery;

/// <summary>A change recovery made to the files so writing can resume on a clean log; worth logging.</summary>
/// <param name="Offset">For a truncation, where the file was cut.</param>
public sealed record StorageRepair(StorageRepairKind Kind, string Path, long Offset, string Detail);
