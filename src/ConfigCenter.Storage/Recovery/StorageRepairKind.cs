namespace ConfigCenter.Storage.Recovery;

public enum StorageRepairKind
{
    /// <summary>A segment was cut at its last valid record: the rest was a write torn by a crash.</summary>
    TruncatedTornTail,

    /// <summary>A segment without a single record (a crash while it was being created) was removed.</summary>
    DeletedEmptySegment,

    /// <summary>A snapshot that was still being written when the server stopped was removed.</summary>
    DeletedUnfinishedSnapshot,
}
