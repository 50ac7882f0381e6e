using System.Buffers;
using ConfigCenter.Protocol.Jute;

namespace ConfigCenter.Protocol.Tests;

/// <summary>Serializes, deserializes and serializes again: equal bytes and a fully consumed reader prove a lossless round trip.</summary>
internal static class JuteRoundTrip
{
    public delegate T ReadFunc<out T>(ref JuteReader reader);

    public static byte[] Write(Action<JuteWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(new JuteWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }

    public static T Check<T>(T value, Action<T, JuteWriter> write, ReadFunc<T> read)
    {
        var bytes = Write(w => write(value, w));
        var reader = new JuteReader(bytes);
        var decoded = read(ref reader);
        Assert.True(reader.End, $"{typeof(T).Name}: {reader.Remaining} bytes left unread");
        Assert.Equal(bytes, Write(w => write(decoded, w)));
        return decoded;
    }
}
