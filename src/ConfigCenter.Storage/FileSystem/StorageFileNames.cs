using System.Globalization;

namespace ConfigCenter.Storage.FileSystem;

/// <summary>
/// Files are named by zxid in 16 hex digits, so a plain sort by name is a sort by zxid:
/// <c>log.&lt;first zxid&gt;</c> for log segments, <c>snapshot.&lt;zxid&gt;</c> for snapshots.
/// </summary>
public static class StorageFileNames
{
    public const string LogPrefix = "log.";
    public const string SnapshotPrefix = "snapshot.";

    /// <summary>A snapshot being written; renamed to its final name only once complete and synced.</summary>
    public const string TemporarySuffix = ".tmp";

    public static string LogSegment(long firstZxid) => LogPrefix + firstZxid.ToString("x16", CultureInfo.InvariantCulture);

    public static string Snapshot(long zxid) => SnapshotPrefix + zxid.ToString("x16", CultureInfo.InvariantCulture);

    public static bool TryParseLogSegment(string fileName, out long firstZxid) => TryParse(fileName, LogPrefix, out firstZxid);

    public static bool TryParseSnapshot(string fileName, out long zxid) => TryParse(fileName, SnapshotPrefix, out zxid);

    /// <summary>The files of one kind in a directory, oldest (lowest zxid) first.</summary>
    public static List<ZxidFile> List(IStorageFileSystem fileSystem, string directory, string prefix)
    {
        var files = new List<ZxidFile>();
        foreach (var path in fileSystem.ListFiles(directory))
            if (TryParse(Path.GetFileName(path), prefix, out var zxid)) files.Add(new ZxidFile(path, zxid));
        files.Sort((a, b) => a.Zxid.CompareTo(b.Zxid));
        return files;
    }

    private static bool TryParse(string fileName, string prefix, out long zxid)
    {
        zxid = 0;
        if (fileName.Length != prefix.Length + 16 || !fileName.StartsWith(prefix, StringComparison.Ordinal)) return false;
        return long.TryParse(fileName.AsSpan(prefix.Length), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out zxid);
    }
}
