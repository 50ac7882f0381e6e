namespace ConfigCenter.Storage.FileSystem;

/// <summary>A file open for positional writes, truncation and fsync.</summary>
public interface IStorageFile : IDisposable
{
    string Path { get; }

    long Length { get; }

    /// <summary>Writes the bytes at the offset (to the operating system, not yet to disk).</summary>
    void Write(long offset, ReadOnlySpan<byte> data);

    /// <summary>Cuts the file or extends it with zeros.</summary>
    void SetLength(long length);

    /// <summary>Forces what was written, and the file's size, to stable storage (fsync).</summary>
    void Sync();
}
