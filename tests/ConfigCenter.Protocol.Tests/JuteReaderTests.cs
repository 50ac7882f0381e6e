using ConfigCenter.Protocol.Jute;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Protocol.Tests;

public sealed class JuteReaderTests
{
    [Fact]
    public void Every_prefix_of_a_record_is_rejected_as_truncated()
    {
        var bytes = JuteRoundTrip.Write(w => new CreateRequest("/abc", [1, 2, 3], Acl.OpenAclUnsafe, 0).Write(w));
        for (var length = 0; length < bytes.Length; length++)
        {
            var prefix = bytes[..length];
            Assert.Throws<JuteException>(() =>
            {
                var reader = new JuteReader(prefix);
                CreateRequest.Read(ref reader, withTtl: false);
            });
        }
    }

    [Fact]
    public void A_string_longer_than_the_frame_is_rejected()
    {
        var reader = new JuteReader([0x7f, 0, 0, 0, (byte)'/']);
        var threw = false;
        try
        {
            reader.ReadString();
        }
        catch (JuteException)
        {
            threw = true;
        }
        Assert.True(threw);
    }

    [Theory]
    [InlineData(0x7fffffff)]
    [InlineData(1000)]
    [InlineData(-2)]
    [InlineData(int.MinValue)]
    public void Forged_vector_counts_are_rejected_before_allocating(int count)
    {
        var bytes = JuteRoundTrip.Write(w =>
        {
            w.WriteInt(count);
            w.WriteString("/a");
        });
        Assert.Throws<JuteException>(() =>
        {
            var reader = new JuteReader(bytes);
            reader.ReadStringVector();
        });
        Assert.Throws<JuteException>(() =>
        {
            var reader = new JuteReader(bytes);
            Acl.ReadList(ref reader);
        });
    }

    [Fact]
    public void Minus_one_is_a_null_vector_buffer_and_string()
    {
        var bytes = JuteRoundTrip.Write(w =>
        {
            w.WriteInt(-1);
            w.WriteInt(-1);
            w.WriteInt(-1);
        });
        var reader = new JuteReader(bytes);
        Assert.Null(reader.ReadStringVector());
        Assert.Null(reader.ReadBuffer());
        Assert.Null(reader.ReadString());
        Assert.True(reader.End);
    }

    [Fact]
    public void A_null_string_where_a_path_is_required_is_rejected()
    {
        var bytes = JuteRoundTrip.Write(w =>
        {
            w.WriteInt(-1);
            w.WriteBool(false);
        });
        Assert.Throws<JuteException>(() =>
        {
            var reader = new JuteReader(bytes);
            GetDataRequest.Read(ref reader);
        });
    }

    [Fact]
    public void Integers_are_big_endian()
    {
        var reader = new JuteReader([0, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 3]);
        Assert.Equal(0x0102, reader.ReadInt());
        Assert.Equal(3L, reader.ReadLong());
    }
}
