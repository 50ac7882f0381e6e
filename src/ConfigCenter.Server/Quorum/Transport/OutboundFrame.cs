using System.Buffers;
using System.Buffers.Binary;

namespace ConfigCenter.Server.Quorum.Transport;

/// <summary>
/// One frame (length prefix, then payload) encoded into arrays rented from the shared pool. The arrays are
/// chained rather than regrown, so a multi-megabyte Sync is copied once, from its entries into the frame,
/// and the writer loop sends the chain with one gather write. Dispose returns the arrays.
/// </summary>
internal sealed class OutboundFrame : IBufferWriter<byte>, IDisposable
{
    private const int FirstChunkBytes = 256;
    private const int LargestGrownChunkBytes = 1024 * 1024;

    private readonly List<ArraySegment<byte>> _filled = [];
    private byte[] _chunk;
    private int _used;
    private bool _returned;

    private OutboundFrame()
    {
        _chunk = ArrayPool<byte>.Shared.Rent(FirstChunkBytes);
        _used = PeerFraming.HeaderBytes; // the length, written once the payload is complete
    }

    /// <summary>The whole frame's size, length prefix included.</summary>
    public long Length { get; private set; }

    public long PayloadLength => Length - PeerFraming.HeaderBytes;

    /// <summary>The frame's bytes in order, for a gather write.</summary>
    public IReadOnlyList<ArraySegment<byte>> Segments => _filled;

    /// <exception cref="ArgumentException">The object is not a message the codec knows.</exception>
    public static OutboundFrame Encode(object message)
    {
        var frame = new OutboundFrame();
        try
        {
            PeerMessageCodec.Encode(message, frame);
            frame.Seal();
            return frame;
        }
        catch
        {
            frame.Dispose();
            throw;
        }
    }

    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_chunk.Length - _used < needed) StartChunk(needed);
        return _chunk.AsMemory(_used);
    }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _chunk.Length - _used);
        _used += count;
    }

    public void Dispose()
    {
        if (_returned) return;
        _returned = true;
        foreach (var segment in _filled) ArrayPool<byte>.Shared.Return(segment.Array!);
        if (_chunk.Length > 0) ArrayPool<byte>.Shared.Return(_chunk);
        _filled.Clear();
    }

    private void StartChunk(int needed)
    {
        var grown = Math.Min(_chunk.Length * 2, LargestGrownChunkBytes);
        CloseChunk();
        _chunk = ArrayPool<byte>.Shared.Rent(Math.Max(needed, grown));
    }

    private void CloseChunk()
    {
        if (_used > 0) _filled.Add(new ArraySegment<byte>(_chunk, 0, _used));
        else ArrayPool<byte>.Shared.Return(_chunk);
        Length += _used;
        _chunk = [];
        _used = 0;
    }

    private void Seal()
    {
        CloseChunk();
        if (PayloadLength > int.MaxValue) throw new ArgumentException($"a message of {PayloadLength} bytes cannot be framed");
        // The first chunk always holds the reserved length prefix.
        BinaryPrimitives.WriteInt32BigEndian(_filled[0].AsSpan(), (int)PayloadLength);
    }
}
