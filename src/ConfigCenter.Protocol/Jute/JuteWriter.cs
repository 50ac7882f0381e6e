using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace ConfigCenter.Protocol.Jute;

/// <summary>Writes Jute records into any buffer writer (a pooled frame buffer, a pipe, a file segment).</summary>
public readonly struct JuteWriter(IBufferWriter<byte> output)
{
    public IBufferWriter<byte> Output => output;

    public void WriteInt(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(output.GetSpan(4), value);
        output.Advance(4);
    }

    public void WriteLong(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(output.GetSpan(8), value);
        output.Advance(8);
    }

    public void WriteBool(bool value)
    {
        output.GetSpan(1)[0] = value ? (byte)1 : (byte)0;
        output.Advance(1);
    }

    public void WriteBuffer(ReadOnlySpan<byte> value)
    {
        WriteInt(value.Length);
        WriteRaw(value);
    }

    /// <summary>Writes a buffer that may be null (length -1), as Java writes a null byte[].</summary>
    public void WriteBuffer(byte[]? value)
    {
        if (value is null) WriteInt(-1);
        else WriteBuffer(value.AsSpan());
    }

    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteInt(-1);
            return;
        }
        if (ContainsSurrogate(value))
        {
            WriteJavaModifiedString(value);
            return;
        }
        var length = Encoding.UTF8.GetByteCount(value);
        WriteInt(length);
        var span = output.GetSpan(length);
        Encoding.UTF8.GetBytes(value, span);
        output.Advance(length);
    }

    /// <summary>
    /// Java's jute encodes each UTF-16 unit on its own, so a surrogate pair becomes two 3-byte
    /// sequences rather than one 4-byte sequence. Only strings with surrogates differ from UTF-8.
    /// </summary>
    private void WriteJavaModifiedString(string value)
    {
        var length = 0;
        foreach (var c in value) length += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
        WriteInt(length);
        var span = output.GetSpan(length);
        var i = 0;
        foreach (var c in value)
        {
            if (c < 0x80)
            {
                span[i++] = (byte)c;
            }
            else if (c < 0x800)
            {
                span[i++] = (byte)(0xC0 | (c >> 6));
                span[i++] = (byte)(0x80 | (c & 0x3F));
            }
            else
            {
                span[i++] = (byte)(0xE0 | (c >> 12));
                span[i++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                span[i++] = (byte)(0x80 | (c & 0x3F));
            }
        }
        output.Advance(length);
    }

    private static bool ContainsSurrogate(string value)
    {
        foreach (var c in value)
            if (char.IsSurrogate(c)) return true;
        return false;
    }

    public void WriteStringVector(IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            WriteInt(-1);
            return;
        }
        WriteInt(values.Count);
        for (var i = 0; i < values.Count; i++) WriteString(values[i]);
    }

    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return;
        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
    }
}
