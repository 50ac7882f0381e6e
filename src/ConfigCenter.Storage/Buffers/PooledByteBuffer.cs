using System.Buffers;

namespace ConfigCenter.Storage.Buffers;

/// <summary>
/// A growable buffer over pooled arrays. Unlike ArrayBufferWriter its written bytes stay writable,
/// so a frame's length and checksum can be filled in once its payload has been serialized after them.
/// </summary>
internal sealed class PooledByteBuffer : IBufferWriter<byte>, IDisposable
{
    private byte[] _array;
    private int _written;

    public PooledByteBuffer(int initialCapacity) => _array = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 256));

    public int WrittenCount => _written;
    public int Capacity => _array.Length;
    public Span<byte> WrittenSpan => _array.AsSpan(0, _written);

    /// <summary>Forgets everything written; the capacity stays for the next use.</summary>
    public void Clear() => _written = 0;

    /// <summary>Drops what was written after <paramref name="count"/> bytes, e.g. a record that failed to serialize.</summary>
    public void Truncate(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _written);
        _written = count;
    }

    /// <summary>Gives a very large array back to the pool, so one huge batch does not pin its memory for good.</summary>
    public void ShrinkTo(int capacity)
    {
        if (_written > 0 || _array.Length <= capacity) return;
        ArrayPool<byte>.Shared.Return(_array);
        _array = ArrayPool<byte>.Shared.Rent(capacity);
    }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > _array.Length - _written) throw new InvalidOperationException("advanced past the end of the buffer");
        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsureFree(sizeHint);
        return _array.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureFree(sizeHint);
        return _array.AsSpan(_written);
    }

    public void Dispose()
    {
        var array = _array;
        _array = [];
        _written = 0;
        if (array.Length > 0) ArrayPool<byte>.Shared.Return(array);
    }

    private void EnsureFree(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_array.Length - _written >= needed) return;
        var newSize = Math.Max(checked(_written + needed), checked(_array.Length * 2));
        var larger = ArrayPool<byte>.Shared.Rent(newSize);
        _array.AsSpan(0, _written).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_array);
        _array = larger;
    }
}
