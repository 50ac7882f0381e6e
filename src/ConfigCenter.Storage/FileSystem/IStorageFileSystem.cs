namespace ConfigCenter.Storage.FileSystem;

/// <summary>
/// The few file operations the storage uses. The default is <see cref="PhysicalFileSystem"/>; tests
/// wrap it to count fsyncs and to fail writes (a full disk) at chosen moments.
/// </summary>
public interface IStorageFileSystem
{
    /// <summary>The full paths of the files directly inside the directory; none when it does not exist.</summary>
    IReadOnlyList<string> ListFiles(string directory);

    bool FileExists(string path);

    void CreateDirectory(string directory);

    /// <summary>Creates a new, empty file for writing; fails when the file already exists.</summary>
    IStorageFile CreateNew(string path);

    /// <summary>Opens an existing file for writing, e.g. to cut off a torn record.</summary>
    IStorageFile OpenForWrite(string path);

    /// <summary>Opens a file for reading; the stream is seekable and tolerates a writer appending meanwhile.</summary>
    Stream OpenRead(string path);

    /// <summary>Renames a file, replacing the destination when told to (an atomic rename on POSIX).</summary>
    void Move(string source, string destination, bool overwrite);

    void Delete(string path);

    /// <summary>Makes the directory's entries durable, so a created or renamed file survives a crash.</summary>
    void SyncDirectory(string directory);
}
