namespace ConfigCenter.Storage.FileSystem;

/// <summary>The real file system.</summary>
public sealed class PhysicalFileSystem : IStorageFileSystem
{
    public static PhysicalFileSystem Instance { get; } = new();

    public IReadOnlyList<string> ListFiles(string directory) =>
        Directory.Exists(directory) ? Directory.GetFiles(directory) : [];

    public bool FileExists(string path) => File.Exists(path);

    public void CreateDirectory(string directory) => Directory.CreateDirectory(directory);

    public IStorageFile CreateNew(string path) => new PhysicalStorageFile(path, FileMode.CreateNew);

    public IStorageFile OpenForWrite(string path) => new PhysicalStorageFile(path, FileMode.Open);

    public Stream OpenRead(string path) =>
        new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 64 * 1024);

    public void Move(string source, string destination, bool overwrite) => File.Move(source, destination, overwrite);

    public void Delete(string path) => File.Delete(path);

    public void SyncDirectory(string directory) => DirectorySync.Sync(directory);
}
