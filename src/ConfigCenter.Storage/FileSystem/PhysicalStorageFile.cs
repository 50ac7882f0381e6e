namespace ConfigCenter.Storage.FileSystem;

/// <summary>A real file behind a FileStream; <see cref="Sync"/> is Flush(true), i.e. fsync.</summary>
internal sealed class PhysicalStorageFile : IStorageFile
{
    private readonly FileStream _stream;

    public PhysicalStorageFile(string path, FileMode mode)
    {
        Path = path;
        // No FileStream buffer: the log hands over whole batches, and a buffer would only add a copy.
        _stream = new FileStream(path, mode, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete, bufferSize: 0);
    }

    public string Path { get; }
    public long Length => _stream.Length;

    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        _stream.Position = offset;
        _stream.Write(data);
    }

    public void SetLength(long length) => _stream.SetLength(length);

    public void Sync() => _stream.Flush(flushToDisk: true);

    public void Dispose() => _stream.Dispose();
}
