using System.Runtime.InteropServices;
using ConfigCenter.Storage.FileSystem;
using ConfigCenter.Storage.Log;

namespace ConfigCenter.Storage.Snapshots;

/// <summary>
/// Installs a snapshot image received from the leader (Zab's SNAP): it becomes the state, and the
/// whole log is dropped, so recovery afterwards finds exactly that snapshot and an empty log and a
/// <see cref="TxnLogWriter"/> started at its zxid continues from it. Run it while no writer is open.
/// </summary>
/// <remarks>
/// The steps are ordered so that a crash at any point leaves a state recovery accepts, either the
/// old one cut back to the snapshot's zxid or the new one: log records after the zxid (possibly a
/// history the leader does not share) go first; then the snapshot is published atomically; only
/// then do the older records and any snapshot newer than the zxid go, which recovery no longer reads.
/// </remarks>
public static class SnapshotInstaller
{
    /// <summary>Checks the image, writes it as <c>snapshot.&lt;zxid&gt;</c> and drops the log; returns the snapshot's path.</summary>
    /// <param name="image">A snapshot file's bytes, as <see cref="SnapshotWriter.Serialize"/> produces them.</param>
    /// <exception cref="StorageCorruptedException">The image is damaged, is not a snapshot of <paramref name="zxid"/>, or belongs to another database; nothing was changed.</exception>
    public static string Install(StorageOptions options, long zxid, ReadOnlyMemory<byte> image, IStorageFileSystem? fileSystem = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(zxid);
        options.Validate();
        fileSystem ??= PhysicalFileSystem.Instance;
        Verify(options, zxid, image);

        DropRecordsAfter(fileSystem, options, zxid);
        var path = Path.Combine(options.DataDir, StorageFileNames.Snapshot(zxid));
        AtomicFile.Write(fileSystem, path, file => file.Write(0, image.Span));

        var segments = StorageFileNames.List(fileSystem, options.LogDirectory, StorageFileNames.LogPrefix);
        DeleteNewestFirst(fileSystem, options.LogDirectory, segments);
        var newerSnapshots = StorageFileNames.List(fileSystem, options.DataDir, StorageFileNames.SnapshotPrefix).FindAll(snapshot => snapshot.Zxid > zxid);
        DeleteNewestFirst(fileSystem, options.DataDir, newerSnapshots);
        return path;
    }

    /// <summary>Reads the whole image in memory: checksum, node count, header and trailer, zxid and database.</summary>
    private static void Verify(StorageOptions options, long zxid, ReadOnlyMemory<byte> image)
    {
        var name = $"snapshot image for 0x{zxid:x}";
        var stream = MemoryMarshal.TryGetArray(image, out var array)
            ? new MemoryStream(array.Array!, array.Offset, array.Count, writable: false)
            : new MemoryStream(image.ToArray(), writable: false);
        using var reader = SnapshotReader.Open(name, stream, options.DatabaseId);
        if (reader.Zxid != zxid)
            throw new StorageCorruptedException(name, 16, $"the image is a snapshot of 0x{reader.Zxid:x}, not of 0x{zxid:x}");
        reader.VerifyToEnd(CancellationToken.None);
    }

    /// <summary>
    /// Cuts the log back to the zxid, so a crash before the snapshot is published cannot replay any
    /// record after it on top of the new snapshot. A damaged segment is dropped whole: the install
    /// replaces it anyway, and keeping it would stop the install.
    /// </summary>
    private static void DropRecordsAfter(IStorageFileSystem fileSystem, StorageOptions options, long zxid)
    {
        try
        {
            LogTruncator.RemoveRecordsAfter(fileSystem, options, zxid);
        }
        catch (StorageCorruptedException)
        {
            DeleteNewestFirst(fileSystem, options.LogDirectory, StorageFileNames.List(fileSystem, options.LogDirectory, StorageFileNames.LogPrefix));
        }
    }

    private static void DeleteNewestFirst(IStorageFileSystem fileSystem, string directory, List<ZxidFile> files)
    {
        if (files.Count == 0) return;
        for (var i = files.Count - 1; i >= 0; i--) fileSystem.Delete(files[i].Path);
        fileSystem.SyncDirectory(directory);
    }
}
