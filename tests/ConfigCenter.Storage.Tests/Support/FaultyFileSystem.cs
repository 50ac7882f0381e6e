using ConfigCenter.Storage.FileSystem;

namespace ConfigCenter.Storage.Tests.Support;

/// <summary>
/// The real file system with knobs: counts fsyncs, fills the disk (writes stop halfway with
/// ENOSPC), fails an fsync, or holds an fsync until the test lets it go.
/// </summary>
internal sealed class FaultyFileSystem : IStorageFileSystem
{
    public const int NoSpaceLeftOnDevice = 28;
    private readonly PhysicalFileSystem _real = PhysicalFileSystem.Instance;
    private int _fileSyncs;
    private int _directorySyncs;
    private int _failSyncs;
    private ManualResetEventSlim? _armedHold;
    private ManualResetEventSlim? _heldSync;

    public int FileSyncs => Volatile.Read(ref _fileSyncs);
    public int DirectorySyncs => Volatile.Read(ref _directorySyncs);

    /// <summary>While set, every write puts down half its bytes and then fails as a full disk does.</summary>
    public volatile bool DiskFull;

    /// <summary>While set, cutting a file shorter fails too (a file system that refuses everything).</summary>
    public volatile bool FailShrink;

    /// <summary>Signalled when a held fsync has been entered.</summary>
    public ManualResetEventSlim SyncEntered { get; } = new();

    /// <summary>The next fsync blocks until <see cref="ReleaseSync"/>.</summary>
    public void HoldNextSync()
    {
        SyncEntered.Reset();
        var hold = new ManualResetEventSlim();
        Volatile.Write(ref _heldSync, hold);
        Volatile.Write(ref _armedHold, hold);
    }

    public void ReleaseSync() => Volatile.Read(ref _heldSync)?.Set();

    /// <summary>The next <paramref name="count"/> fsyncs fail as with an I/O error.</summary>
    public void FailNextSyncs(int count) => Volatile.Write(ref _failSyncs, count);

    public IReadOnlyList<string> ListFiles(string directory) => _real.ListFiles(directory);
    public bool FileExists(string path) => _real.FileExists(path);
    public void CreateDirectory(string directory) => _real.CreateDirectory(directory);
    public IStorageFile CreateNew(string path) => new FaultyFile(this, _real.CreateNew(path));
    public IStorageFile OpenForWrite(string path) => new FaultyFile(this, _real.OpenForWrite(path));
    public Stream OpenRead(string path) => _real.OpenRead(path);
    public void Move(string source, string destination, bool overwrite) => _real.Move(source, destination, overwrite);
    public void Delete(string path) => _real.Delete(path);

    public void SyncDirectory(string directory)
    {
        Interlocked.Increment(ref _directorySyncs);
        _real.SyncDirectory(directory);
    }

    private void BeforeSync()
    {
        Interlocked.Increment(ref _fileSyncs);
        var release = Interlocked.Exchange(ref _armedHold, null);
        if (release is not null)
        {
            SyncEntered.Set();
            if (!release.Wait(TimeSpan.FromSeconds(30))) throw new TimeoutException("the test never released the held fsync");
        }
        if (Volatile.Read(ref _failSyncs) > 0 && Interlocked.Decrement(ref _failSyncs) >= 0)
            throw new IOException("Input/output error (simulated fsync failure)");
    }

    private sealed class FaultyFile(FaultyFileSystem owner, IStorageFile inner) : IStorageFile
    {
        public string Path => inner.Path;
        public long Length => inner.Length;

        public void Write(long offset, ReadOnlySpan<byte> data)
        {
            if (owner.DiskFull)
            {
                inner.Write(offset, data[..(data.Length / 2)]);
                throw new IOException("No space left on device (simulated)", NoSpaceLeftOnDevice);
            }
            inner.Write(offset, data);
        }

        public void SetLength(long length)
        {
            if (owner.FailShrink && length < inner.Length) throw new IOException("Input/output error (simulated truncate failure)");
            inner.SetLength(length);
        }

        public void Sync()
        {
            owner.BeforeSync();
            inner.Sync();
        }

        public void Dispose() => inner.Dispose();
    }
}
