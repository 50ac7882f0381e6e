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

    /// <summary>Reads every record of a segment, checking CRCs and zxid order, without decoding the transactions.</summary>
    /// <exception cref="StorageCorruptedException">The segment is damaged (not merely torn at its end).</exception>
    public static LogSegmentScan Scan(ZxidFile segment, IStorageFileSystem? fileSystem = null, long? expectedDatabaseId = null, CancellationToken cancellationToken = default)
    {
        using var reader = LogSegmentReader.Open(segment.Path, fileSystem, expectedDatabaseId);
        while (reader.TryRead(out _))
        {
            if ((reader.RecordCount & 0x3FF) == 0) cancellationToken.ThrowIfCancellationRequested();
        }
        return new LogSegmentScan(segment.Path, segment.Zxid, reader.RecordCount, reader.FirstZxid, reader.LastZxid,
            reader.End!.Value, reader.Position, reader.FileLength, reader.TornTailProblem);
    }
}
