using ConfigCenter.Storage.FileSystem;

namespace ConfigCenter.Storage.Log;

/// <summary>What a full read of a segment found: its records' zxid range and how they end.</summary>
/// <param name="ValidLength">Where the valid records end: the offset a torn tail is cut at.</param>
public sealed record LogSegmentScan(
    string Path,
    long NameZxid,
    int RecordCount,
    long FirstZxid,
    long LastZxid,
    LogSegmentEnd End,
    long ValidLength,
    long FileLength,
    string? TornTailProblem)
{
    public bool HasRecords => RecordCount > 0;

    /// <summary>
    /// How many records have a zxid above the one given to <see cref="Scan"/> (all of them by
    /// default). Zxids jump at a new epoch, so the count cannot be worked out from the first and last.
    /// </summary>
    public int RecordCountAfter { get; init; }

    /// <summary>Reads every record of a segment, checking CRCs and zxid order, without decoding the transactions.</summary>
    /// <param name="countAfterZxid">Records above this zxid are counted in <see cref="RecordCountAfter"/> (recovery passes the snapshot's).</param>
    /// <exception cref="StorageCorruptedException">The segment is damaged (not merely torn at its end).</exception>
    public static LogSegmentScan Scan(ZxidFile segment, IStorageFileSystem? fileSystem = null, long? expectedDatabaseId = null, CancellationToken cancellationToken = default, long countAfterZxid = 0)
    {
        using var reader = LogSegmentReader.Open(segment.Path, fileSystem, expectedDatabaseId);
        var after = 0;
        while (reader.TryRead(out var frame))
        {
            if (frame.Zxid > countAfterZxid) after++;
            if ((reader.RecordCount & 0x3FF) == 0) cancellationToken.ThrowIfCancellationRequested();
        }
        return new LogSegmentScan(segment.Path, segment.Zxid, reader.RecordCount, reader.FirstZxid, reader.LastZxid,
            reader.End!.Value, reader.Position, reader.FileLength, reader.TornTailProblem) { RecordCountAfter = after };
    }
}
