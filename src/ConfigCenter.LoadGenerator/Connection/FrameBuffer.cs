using System.Buffers;
using System.Buffers.Binary;

namespace ConfigCenter.LoadGenerator.Connection;

/// <summary>
/// A reusable, growable send buffer holding a batch of length-prefixed frames. Each frame's length is
/// patched in when it ends, so records are written straight into place with a JuteWriter.
/// </summary>
internal sealed class FrameBuffer(int initialCapacity = 64 * 1024) : IBufferWriter<byte>
{
    private const int LengthPrefixSize = 4;

    private byte[] _buffer = new byte[initialCapacity];
    private int _written;
    private int _frameStart = -1;

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    public int WrittenCount => _written;

    public void Clear()
    {
        _written = 0;
        _frameStart = -1;
    }

    public void BeginFrame()
    {
        if (_frameStart >= 0) throw new InvalidOperationException("the previous frame was not ended");
        _frameStart = _written;
        Advance(LengthPrefixSize);
    }

    public void EndFrame()
    {
        if (_frameStart < 0) throw new InvalidOperationException("no frame was begun");
        var payloadLength = _written - _frameStart - LengthPrefixSize;
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_frameStart, LengthPrefixSize), payloadLength);
        _frameStart = -1;
    }

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    private void Ensure(int sizeHint)
    {
        var needed = _written + Math.Max(sizeHint, 1);
        if (needed <= _buffer.Length) return;
        Array.Resize(ref _buffer, Math.Max(needed, _buffer.Length * 2));
    }
}
