using ConfigCenter.Storage;

namespace ConfigCenter.Storage.Tests.Support;

/// <summary>A fresh directory under the temp folder, removed afterwards, with storage options pointing into it.</summary>
internal sealed class TestDirectory : IDisposable
{
    public TestDirectory()
    {
        Root = Path.Combine(Path.GetTempPath(), "configcenter-storage-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }
    public string DataDir => Path.Combine(Root, "data");
    public string LogDir => Path.Combine(Root, "log");

    /// <summary>Small preallocation so tests see it grow; a separate log directory as in production setups.</summary>
    public StorageOptions Options(long preAllocSize = 4096, long segmentRollSize = StorageOptions.DefaultSegmentRollSize, bool forceSync = true) => new()
    {
        DataDir = DataDir,
        DataLogDir = LogDir,
        PreAllocSize = preAllocSize,
        SegmentRollSize = segmentRollSize,
        ForceSync = forceSync,
    };

    public string[] LogSegments() => Directory.Exists(LogDir) ? Directory.GetFiles(LogDir, "log.*").Order(StringComparer.Ordinal).ToArray() : [];

    public string[] Snapshots() => Directory.Exists(DataDir) ? Directory.GetFiles(DataDir, "snapshot.*").Order(StringComparer.Ordinal).ToArray() : [];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }
}
