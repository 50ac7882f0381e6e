using System.IO.Compression;

namespace ConfigCenter.Storage;

/// <summary>Where and how the transaction log and the snapshots are kept (zoo.cfg's dataDir, dataLogDir, forceSync...).</summary>
public sealed record StorageOptions
{
    public const long DefaultPreAllocSize = 64L * 1024 * 1024;
    public const long DefaultSegmentRollSize = 64L * 1024 * 1024;
    public const int MinSnapRetainCount = 3;

    /// <summary>Where snapshots go (dataDir); also the log's directory unless <see cref="DataLogDir"/> is set.</summary>
    public required string DataDir { get; init; }

    /// <summary>Where log segments go (dataLogDir); a separate disk keeps log fsyncs fast.</summary>
    public string? DataLogDir { get; init; }

    public string LogDirectory => DataLogDir ?? DataDir;

    /// <summary>
    /// fsync every group of records before reporting them durable. False (forceSync=no) reports a
    /// record durable once the operating system has it: a power loss can then lose acknowledged writes.
    /// </summary>
    public bool ForceSync { get; init; } = true;

    /// <summary>Log segments grow in zero-filled chunks of this many bytes (zoo.cfg's preAllocSize is in KiB).</summary>
    public long PreAllocSize { get; init; } = DefaultPreAllocSize;

    /// <summary>A new segment is started once the current one holds at least this many bytes.</summary>
    public long SegmentRollSize { get; init; } = DefaultSegmentRollSize;

    /// <summary>How many snapshots a purge keeps (autopurge.snapRetainCount); never fewer than 3.</summary>
    public int SnapRetainCount { get; init; } = MinSnapRetainCount;

    /// <summary>Stamped into every file; recovery refuses files of another database.</summary>
    public long DatabaseId { get; init; }

    /// <summary>
    /// When the newest snapshot is unreadable, recover from an older one (replaying more of the log)
    /// instead of failing. Off by default: a damaged snapshot is worth a human look.
    /// </summary>
    public bool AllowSnapshotFallback { get; init; }

    public CompressionLevel SnapshotCompression { get; init; } = CompressionLevel.Fastest;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(DataDir);
        if (DataLogDir is not null) ArgumentException.ThrowIfNullOrEmpty(DataLogDir);
        ArgumentOutOfRangeException.ThrowIfLessThan(PreAllocSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(SegmentRollSize, 1);
    }
}
