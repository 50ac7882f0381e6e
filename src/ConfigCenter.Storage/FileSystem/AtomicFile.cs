namespace ConfigCenter.Storage.FileSystem;

/// <summary>
/// Replaces a file so that a crash leaves either the old content or the new, whole: the new content
/// goes to <c>&lt;name&gt;.tmp</c>, is fsynced, renamed over the file, and the directory is fsynced.
/// Always synced, whatever forceSync says: only small or rare files are written this way, and each
/// is relied on (a snapshot replaces the log before it, an epoch file is a promise to other peers).
/// </summary>
internal static class AtomicFile
{
    public static void Write(IStorageFileSystem fileSystem, string path, Action<IStorageFile> writeContent)
    {
        var directory = Path.GetDirectoryName(path) ?? throw new ArgumentException($"{path} has no directory", nameof(path));
        fileSystem.CreateDirectory(directory);
        var temporaryPath = path + StorageFileNames.TemporarySuffix;
        // Left behind by a crash during an earlier attempt.
        if (fileSystem.FileExists(temporaryPath)) fileSystem.Delete(temporaryPath);
        try
        {
            using (var file = fileSystem.CreateNew(temporaryPath))
            {
                writeContent(file);
                file.Sync();
            }
            fileSystem.Move(temporaryPath, path, overwrite: true);
            fileSystem.SyncDirectory(directory);
        }
        catch
        {
            TryDelete(fileSystem, temporaryPath);
            throw;
        }
    }

    private static void TryDelete(IStorageFileSystem fileSystem, string path)
    {
        try
        {
            if (fileSystem.FileExists(path)) fileSystem.Delete(path);
        }
        catch (IOException)
        {
            // A leftover temporary file is never read; the next attempt (or recovery, for snapshots) removes it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
