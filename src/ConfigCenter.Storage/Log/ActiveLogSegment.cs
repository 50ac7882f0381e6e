using ConfigCenter.Storage.FileSystem;

namespace ConfigCenter.Storage.Log;

/// <summary>
/// The segment the writer appends to. It knows where the last durable record ends and keeps the
/// file grown ahead of the writes in zero-filled chunks, so a zero length marks the end of the data
/// and the file size changes once per chunk rather than once per write.
/// </summary>
internal sealed class ActiveLogSegment : IDisposable
{
    private readonly IStorageFile _file;
    private readonly IStorageFileSystem _fileSystem;
    private readonly long _preAllocSize;
    private readonly bool _forceSync;
    private long _allocatedLength;
    private long _writtenEnd;

    private ActiveLogSegment(IStorageFileSystem fileSystem, IStorageFile file, long firstZxid, long allocatedLength, StorageOptions options)
    {
        _fileSystem = fileSystem;
        _file = file;
        _preAllocSize = options.PreAllocSize;
        _forceSync = options.ForceSync;
        FirstZxid = firstZxid;
        _allocatedLength = allocatedLength;
        DurableEnd = TxnLogFileHeader.Size;
        _writtenEnd = DurableEnd;
    }

    public string Path => _file.Path;
    public long FirstZxid { get; }

    /// <summary>The end of the last record known to be on disk; everything after it is zeros or junk to cut.</summary>
    public long DurableEnd { get; private set; }

    public bool HasRecords => DurableEnd > TxnLogFileHeader.Size;

    /// <summary>Bytes may have been written past <see cref="DurableEnd"/> by a write that failed; they must go before anything else is written.</summary>
    public bool NeedsRepair { get; private set; }

    /// <summary>Creates the segment with its header and first chunk, durable (when syncing) before any record goes in.</summary>
    public static ActiveLogSegment Create(IStorageFileSystem fileSystem, StorageOptions options, long firstZxid)
    {
        var directory = options.LogDirectory;
        var path = System.IO.Path.Combine(directory, StorageFileNames.LogSegment(firstZxid));
        IStorageFile? file = null;
        try
        {
            fileSystem.CreateDirectory(directory);
            file = fileSystem.CreateNew(path);
            Span<byte> header = stackalloc byte[TxnLogFileHeader.Size];
            TxnLogFileHeader.Write(header, options.DatabaseId);
            file.Write(0, header);
            var allocated = RoundUpToChunk(TxnLogFileHeader.Size, options.PreAllocSize);
            file.SetLength(allocated);
            if (options.ForceSync)
            {
                file.Sync();
                // The new name must survive a crash too, or records synced into the file could vanish with it.
                fileSystem.SyncDirectory(directory);
            }
            return new ActiveLogSegment(fileSystem, file, firstZxid, allocated, options);
        }
        catch
        {
            if (file is not null)
            {
                file.Dispose();
                TryDelete(fileSystem, path);
            }
            throw;
        }
    }

    /// <summary>Writes framed records after what was written so far; nothing is durable until <see cref="Commit"/>.</summary>
    public void Append(ReadOnlySpan<byte> frames)
    {
        // Set before touching the file: whatever fails below leaves bytes that must be cut.
        NeedsRepair = true;
        var end = _writtenEnd + frames.Length;
        if (end > _allocatedLength)
        {
            var allocated = RoundUpToChunk(end, _preAllocSize);
            _file.SetLength(allocated);
            _allocatedLength = allocated;
        }
        _file.Write(_writtenEnd, frames);
        _writtenEnd = end;
    }

    /// <summary>Makes everything appended durable: one fsync for the whole group.</summary>
    public void Commit()
    {
        if (_forceSync) _file.Sync();
        DurableEnd = _writtenEnd;
        NeedsRepair = false;
    }

    /// <summary>
    /// Cuts the file back to the last durable record after a failed write, so no half record is
    /// ever followed by later good ones. Truncating frees space, so it works on a full disk too.
    /// </summary>
    public void Repair()
    {
        _file.SetLength(DurableEnd);
        if (_forceSync) _file.Sync();
        _allocatedLength = DurableEnd;
        _writtenEnd = DurableEnd;
        NeedsRepair = false;
    }

    /// <summary>
    /// Closes the segment, trimming its unused preallocation. A segment that never got a record is
    /// deleted: it would otherwise block a later writer from creating a segment of the same name.
    /// </summary>
    public void Dispose()
    {
        try
        {
            if (HasRecords && _file.Length != DurableEnd) _file.SetLength(DurableEnd);
        }
        catch (IOException)
        {
            // Trimming is tidiness only: readers stop at the zeros or cut a torn tail.
        }
        _file.Dispose();
        if (!HasRecords) TryDelete(_fileSystem, Path);
    }

    private static long RoundUpToChunk(long length, long chunk) => (length + chunk - 1) / chunk * chunk;

    private static void TryDelete(IStorageFileSystem fileSystem, string path)
    {
        try
        {
            fileSystem.Delete(path);
        }
        catch (IOException)
        {
            // Recovery removes segments without records; a failed delete only leaves an empty file.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
