using ConfigCenter.Storage.FileSystem;

namespace ConfigCenter.Storage.Log;

/// <summary>
/// Cuts the log back to a zxid, as a learner does on Zab's TRUNC: afterwards the log holds exactly
/// the records up to it and ends cleanly there, so a <see cref="TxnLogWriter"/> started with
/// <c>lastLoggedZxid: zxid</c> continues it. Run it while no writer is open.
/// </summary>
public static class LogTruncator
{
    /// <summary>Removes every log record with a zxid above <paramref name="zxid"/>, durably.</summary>
    /// <exception cref="InvalidOperationException">A snapshot stands for a later zxid: recovery would load it and bring back what was cut. Nothing was changed.</exception>
    /// <exception cref="StorageCorruptedException">A record that would be kept is damaged. Nothing was changed.</exception>
    public static void TruncateAfter(StorageOptions options, long zxid, IStorageFileSystem? fileSystem = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(zxid);
        options.Validate();
        fileSystem ??= PhysicalFileSystem.Instance;
        var later = StorageFileNames.List(fileSystem, options.DataDir, StorageFileNames.SnapshotPrefix).FindLast(snapshot => snapshot.Zxid > zxid);
        if (later.Path is not null)
            throw new InvalidOperationException($"cannot truncate the log after 0x{zxid:x}: snapshot {later.Path} holds the state as of 0x{later.Zxid:x}, which recovery would load");
        RemoveRecordsAfter(fileSystem, options, zxid);
    }

    /// <summary><see cref="TruncateAfter"/> without its snapshot check: installing a snapshot removes those itself.</summary>
    internal static void RemoveRecordsAfter(IStorageFileSystem fileSystem, StorageOptions options, long zxid)
    {
        var directory = options.LogDirectory;
        var segments = StorageFileNames.List(fileSystem, directory, StorageFileNames.LogPrefix);
        var cutIndex = segments.FindLastIndex(segment => segment.Zxid <= zxid);
        // Found before anything changes, so a damaged segment leaves the log as it was.
        var cut = cutIndex >= 0 ? FindCut(fileSystem, segments[cutIndex], zxid, options.DatabaseId) : null;

        // Newest first: a crash part way leaves a shorter log, never one with a hole in it.
        for (var i = segments.Count - 1; i > cutIndex; i--) fileSystem.Delete(segments[i].Path);
        if (cutIndex < segments.Count - 1) fileSystem.SyncDirectory(directory);

        if (cut is null) return;
        if (cut.KeptRecords == 0)
        {
            // Only a segment without a single record gets here (a record-bearing one starts at or before zxid).
            fileSystem.Delete(cut.Path);
            fileSystem.SyncDirectory(directory);
        }
        else if (cut.FileLength != cut.KeptLength)
        {
            using var file = fileSystem.OpenForWrite(cut.Path);
            file.SetLength(cut.KeptLength);
            file.Sync();
        }
    }

    /// <summary>Reads the segment up to the first record after <paramref name="zxid"/> and says where its kept records end.</summary>
    private static SegmentCut FindCut(IStorageFileSystem fileSystem, ZxidFile segment, long zxid, long databaseId)
    {
        using var reader = LogSegmentReader.Open(segment.Path, fileSystem, databaseId);
        var keptLength = (long)TxnLogFileHeader.Size;
        var kept = 0;
        long lastKept = 0;
        try
        {
            while (reader.TryRead(out var frame) && frame.Zxid <= zxid)
            {
                keptLength = frame.Offset + frame.Length;
                lastKept = frame.Zxid;
                kept++;
            }
        }
        catch (StorageCorruptedException) when (kept > 0 && lastKept == zxid)
        {
            // The damage lies wholly in what is cut away; every kept record was read and checked.
        }
        return new SegmentCut(segment.Path, kept, kept > 0 ? keptLength : 0, reader.FileLength);
    }

    private sealed record SegmentCut(string Path, int KeptRecords, long KeptLength, long FileLength);
}
