using ConfigCenter.Storage.FileSystem;

namespace ConfigCenter.Storage.Quorum;

/// <summary>
/// Zab's two durable epoch numbers, as ZooKeeper keeps them: the files <c>acceptedEpoch</c> (the
/// newest epoch this peer promised to a prospective leader) and <c>currentEpoch</c> (the newest
/// epoch whose initial history it holds) in dataDir, each a decimal number. A missing file reads as 0.
/// </summary>
public static class EpochFiles
{
    public const string AcceptedEpochFileName = "acceptedEpoch";
    public const string CurrentEpochFileName = "currentEpoch";

    /// <exception cref="InvalidDataException">A file holds something other than a non-negative number; the message names it.</exception>
    public static (long AcceptedEpoch, long CurrentEpoch) Read(string dataDir, IStorageFileSystem? fileSystem = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDir);
        fileSystem ??= PhysicalFileSystem.Instance;
        return (DecimalFile.Read(fileSystem, AcceptedPath(dataDir)) ?? 0, DecimalFile.Read(fileSystem, CurrentPath(dataDir)) ?? 0);
    }

    /// <summary>
    /// Makes both numbers durable before returning, rewriting (atomically) only the files whose number
    /// changes. acceptedEpoch goes first, so a crash between the two never leaves currentEpoch above it.
    /// </summary>
    /// <exception cref="ArgumentException">currentEpoch would exceed acceptedEpoch, or a number is negative.</exception>
    /// <exception cref="InvalidOperationException">An epoch would go back: a promise made to other peers would be taken back.</exception>
    public static void Write(string dataDir, long acceptedEpoch, long currentEpoch, IStorageFileSystem? fileSystem = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDir);
        ArgumentOutOfRangeException.ThrowIfNegative(currentEpoch);
        if (currentEpoch > acceptedEpoch)
            throw new ArgumentException($"currentEpoch {currentEpoch} cannot exceed acceptedEpoch {acceptedEpoch}", nameof(currentEpoch));
        fileSystem ??= PhysicalFileSystem.Instance;
        var acceptedPath = AcceptedPath(dataDir);
        var currentPath = CurrentPath(dataDir);
        // Both checked before either is written, so a refused call changes nothing.
        var storedAccepted = StoredForRewrite(fileSystem, acceptedPath, acceptedEpoch);
        var storedCurrent = StoredForRewrite(fileSystem, currentPath, currentEpoch);
        if (storedAccepted != acceptedEpoch) DecimalFile.Write(fileSystem, acceptedPath, acceptedEpoch);
        if (storedCurrent != currentEpoch) DecimalFile.Write(fileSystem, currentPath, currentEpoch);
    }

    /// <summary>The number on disk (null when missing or unreadable: then it is simply replaced), refusing a step back.</summary>
    private static long? StoredForRewrite(IStorageFileSystem fileSystem, string path, long value)
    {
        long? stored;
        try
        {
            stored = DecimalFile.Read(fileSystem, path);
        }
        catch (InvalidDataException)
        {
            return null;
        }
        if (stored > value)
            throw new InvalidOperationException($"{path} holds {stored}; writing {value} would take an epoch back");
        return stored;
    }

    private static string AcceptedPath(string dataDir) => Path.Combine(dataDir, AcceptedEpochFileName);

    private static string CurrentPath(string dataDir) => Path.Combine(dataDir, CurrentEpochFileName);
}
