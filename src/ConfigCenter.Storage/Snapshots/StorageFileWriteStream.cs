using ConfigCenter.Storage.FileSystem;

namespace ConfigCenter.Storage.Snapshots;

/// <summary>A write-only stream appending to an <see cref="IStorageFile"/>, so compression can write through the injectable file system.</summary>
internal sealed class StorageFileWriteStream(IStorageFile file) : Stream
{
    private long _position;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => _position;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        file.Write(_position, buffer);
        _position += buffer.Length;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Flush()
    {
        // Every write already went to the file; durability is the owner's Sync.
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
