using System.Buffers.Binary;
using System.Text;

namespace ConfigCenter.Protocol.Jute;

/// <summary>
/// Reads Jute (ZooKeeper's record serialization) from one contiguous frame: big-endian integers,
/// length-prefixed buffers and UTF-8 strings where a length of -1 means null.
/// </summary>
public ref struct JuteReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public JuteReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly int Position => _position;
    public readonly int Remaining => _data.Length - _position;
    public readonly bool End => _position >= _data.Length;

    public int ReadInt()
    {
        var value = BinaryPrimitives.ReadInt32BigEndian(Take(4));
        return value;
    }

    public long ReadLong() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    public bool ReadBool() => Take(1)[0] != 0;

    /// <summary>A length-prefixed byte buffer; null when the length is negative, as Java's BinaryInputArchive does.</summary>
    public byte[]? ReadBuffer()
    {
        var length = ReadInt();
        if (length < 0) return null;
        return Take(length).ToArray();
    }

    /// <summary>The buffer's bytes without copying them; the span is valid as long as the frame is.</summary>
    public ReadOnlySpan<byte> ReadBufferSpan(out bool isNull)
    {
        var length = ReadInt();
        isNull = length < 0;
        return isNull ? default : Take(length);
    }

    public string? ReadString()
    {
        var length = ReadInt();
        if (length < 0) return null;
        var bytes = Take(length);
        if (bytes.Length == 0) return string.Empty;
        return bytes.IndexOf((byte)0xED) < 0 ? Encoding.UTF8.GetString(bytes) : DecodeLikeJava(bytes);
    }

    /// <summary>
    /// Java's UTF-8 decoder turns an encoded surrogate (ED A0..BF xx, as Java's own jute writer
    /// produces) into one U+FFFD where .NET yields three; decode those as Java does so strings round
    /// trip through us exactly as through ZooKeeper.
    /// </summary>
    private static string DecodeLikeJava(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length);
        var start = 0;
        for (var i = 0; i + 2 < bytes.Length; i++)
        {
            if (bytes[i] != 0xED || bytes[i + 1] < 0xA0 || bytes[i + 1] > 0xBF || (bytes[i + 2] & 0xC0) != 0x80) continue;
            text.Append(Encoding.UTF8.GetString(bytes[start..i])).Append('\uFFFD');
            i += 2;
            start = i + 1;
        }
        return text.Append(Encoding.UTF8.GetString(bytes[start..])).ToString();
    }

    /// <summary>A string that must be present; Java clients never send a null path.</summary>
    public string ReadRequiredString() => ReadString() ?? throw new JuteException("unexpected null string");

    public List<string>? ReadStringVector()
    {
        var count = ReadVectorCount(minElementSize: 4);
        if (count < 0) return null;
        var list = new List<string>(count);
        for (var i = 0; i < count; i++) list.Add(ReadRequiredString());
        return list;
    }

    /// <summary>
    /// A vector's element count; -1 is null. The count is checked against the bytes left so a forged
    /// count cannot make us allocate more than the frame could hold.
    /// </summary>
    public int ReadVectorCount(int minElementSize)
    {
        var count = ReadInt();
        if (count < -1) throw new JuteException($"negative vector length {count}");
        if (count > 0 && (long)count * minElementSize > Remaining)
            throw new JuteException($"vector length {count} exceeds the {Remaining} bytes left");
        return count;
    }

    public ReadOnlySpan<byte> ReadRemaining() => Take(Remaining);

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > _data.Length - _position)
            throw new JuteException($"record truncated: wanted {count} bytes at offset {_position}, frame has {_data.Length}");
        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }
}
