namespace ConfigCenter.Server.Persistence;

/// <summary>
/// An exclusive lock on the data directory for the life of the server: two servers appending to one
/// log would corrupt it. On Linux .NET takes an flock for FileShare.None, released if the process dies.
/// </summary>
internal sealed class DataDirectoryLock : IDisposable
{
    private const string FileName = ".configcenter.lock";
    private readonly FileStream _file;

    private DataDirectoryLock(FileStream file) => _file = file;

    /// <exception cref="IOException">Another process holds the directory.</exception>
    public static DataDirectoryLock Acquire(string dataDir)
    {
        var path = Path.Combine(dataDir, FileName);
        try
        {
            return new DataDirectoryLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException e)
        {
            throw new IOException($"data directory {dataDir} is in use by another server ({e.Message})", e);
        }
    }

    public void Dispose() => _file.Dispose();
}
