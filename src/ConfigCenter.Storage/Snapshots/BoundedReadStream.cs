namespace ConfigCenter.Storage.Snapshots;

/// <summary>Reads one region of a seekable stream as if it were the whole stream: the compressed content between header and trailer.</summary>
internal sealed class BoundedReadStream : Stream
{
    private readonly Stream _inner;
    private readonly long _start;
    private readonly long _end;
    private long _position;

    public BoundedReadStream(Stream inner, long start, long end)
    {
        _inner = inner;
        _start = start;
        _end = end;
        _position = start;
    }

    /// <summary>The offset in the underlying file of the next byte to read.</summary>
    public long FileOffset => _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => _end - _start;

    public override long Position
    {
        get => _position - _start;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, _end - _position);
        if (count <= 0) return 0;
        _inner.Position = _position;
        var read = _inner.Read(buffer[..count]);
        _position += read;
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
