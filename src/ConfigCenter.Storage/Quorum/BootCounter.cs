using ConfigCenter.Storage.FileSystem;

namespace ConfigCenter.Storage.Quorum;

/// <summary>
/// Counts the starts of a peer in the file <c>bootCount</c> in dataDir, so each run has a number no
/// earlier run had (an incarnation: messages from before a restart can be told from later ones).
/// </summary>
public static class BootCounter
{
    public const string FileName = "bootCount";

    /// <summary>Reads the count (0 without the file), stores the count plus one durably and returns it.</summary>
    /// <exception cref="InvalidDataException">The file holds something other than a non-negative number; the message names it.</exception>
    public static long Next(string dataDir, IStorageFileSystem? fileSystem = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDir);
        fileSystem ??= PhysicalFileSystem.Instance;
        var path = Path.Combine(dataDir, FileName);
        var next = checked((DecimalFile.Read(fileSystem, path) ?? 0) + 1);
        DecimalFile.Write(fileSystem, path, next);
        return next;
    }
}
