using ConfigCenter.Storage.FileSystem;
using ConfigCenter.Storage.Snapshots;

namespace ConfigCenter.Storage.Purge;

/// <summary>
/// Removes old snapshots and log segments (autopurge): keeps the newest <c>snapRetainCount</c>
/// snapshots (at least 3) and every segment replay from the oldest kept one needs. Safe to run
/// while the writer appends and snapshots are taken: it only removes files older than what it keeps.
/// </summary>
public sealed class StoragePurger
{
    private readonly StorageOptions _options;
    private readonly IStorageFileSystem _fileSystem;

    public StoragePurger(StorageOptions options, IStorageFileSystem? fileSystem = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _fileSystem = fileSystem ?? PhysicalFileSystem.Instance;
    }

    public PurgeResult Purge()
    {
        var retain = Math.Max(StorageOptions.MinSnapRetainCount, _options.SnapRetainCount);
        var snapshots = StorageFileNames.List(_fileSystem, _options.DataDir, StorageFileNames.SnapshotPrefix);
        // Only snapshots written to the end count toward those kept; a cut-off one replaces nothing.
        var complete = snapshots.Where(snapshot => SnapshotReader.LooksComplete(snapshot, _fileSystem)).ToList();
        if (complete.Count <= retain) return new PurgeResult([], []);
        var oldestKept = complete[^retain].Zxid;

        // Replay from the oldest kept snapshot starts in the newest segment that begins at or before it.
        var segments = StorageFileNames.List(_fileSystem, _options.LogDirectory, StorageFileNames.LogPrefix);
        var firstNeeded = segments.FindLastIndex(segment => segment.Zxid <= oldestKept);
        var deletedSegments = new List<string>();
        for (var i = 0; i < firstNeeded; i++)
        {
            _fileSystem.Delete(segments[i].Path);
            deletedSegments.Add(segments[i].Path);
        }

        var deletedSnapshots = new List<string>();
        foreach (var snapshot in snapshots)
        {
            if (snapshot.Zxid >= oldestKept) break;
            _fileSystem.Delete(snapshot.Path);
            deletedSnapshots.Add(snapshot.Path);
        }
        return new PurgeResult(deletedSnapshots, deletedSegments);
    }
}
