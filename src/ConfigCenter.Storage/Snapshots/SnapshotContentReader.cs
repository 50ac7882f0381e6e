using System.Buffers;
using System.Buffers.Binary;
using ConfigCenter.Storage.Checksums;

namespace ConfigCenter.Storage.Snapshots;

/// <summary>
/// Pulls the decompressed content of a snapshot through a pooled buffer, hashing every byte as it
/// arrives. Damage in the compressed data becomes a <see cref="StorageCorruptedException"/> naming
/// about where in the file it was.
/// </summary>
internal sealed class SnapshotContentReader : IDisposable
{
    private readonly Stream _decompressed;
    private readonly BoundedReadStream _compressed;
    private readonly string _path;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private int _start;
    private int _end;
    private long _consumed;

    public SnapshotContentReader(string path, BoundedReadStream compressed, Stream decompressed, uint crcSoFar)
    {
        _path = path;
        _compressed = compressed;
        _decompressed = decompressed;
        Crc = crcSoFar;
    }

    /// <summary>The CRC of everything before the content, then of the content read so far.</summary>
    public uint Crc { get; private set; }

    /// <summary>How far into the uncompressed content the reader is.</summary>
    public long ContentOffset => _consumed;

    /// <summary>The next bytes; valid only until the next call.</summary>
    public ReadOnlySpan<byte> Take(int count)
    {
        Fill(count);
        if (_end - _start < count)
            throw Damage($"the content ends early (wanted {count} bytes at content offset {_consumed})");
        var span = _buffer.AsSpan(_start, count);
        _start += count;
        _consumed += count;
        return span;
    }

    public int ReadInt32() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    /// <summary>True when the content holds nothing more.</summary>
    public bool AtEnd()
    {
        Fill(1);
        return _end == _start;
    }

    public StorageCorruptedException Damage(string problem, Exception? inner = null) =>
        new(_path, _compressed.FileOffset, $"snapshot content is damaged: {problem}", inner);

    public void Dispose()
    {
        _decompressed.Dispose();
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
    }

    /// <summary>Reads until at least <paramref name="count"/> bytes are buffered or the content ends.</summary>
    private void Fill(int count)
    {
        if (_end - _start >= count) return;
        if (_buffer.Length < count)
        {
            var larger = ArrayPool<byte>.Shared.Rent(count);
            _buffer.AsSpan(_start, _end - _start).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
        else
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
        }
        _end -= _start;
        _start = 0;
        while (_end < count)
        {
            int read;
            try
            {
                read = _decompressed.Read(_buffer.AsSpan(_end));
            }
            catch (InvalidDataException e)
            {
                throw Damage($"the compressed data cannot be inflated ({e.Message})", e);
            }
            if (read == 0) return;
            Crc = Crc32C.Append(Crc, _buffer.AsSpan(_end, read));
            _end += read;
        }
    }
}
