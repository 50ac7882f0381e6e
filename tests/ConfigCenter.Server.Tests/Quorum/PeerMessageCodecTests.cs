using System.Buffers;
using System.Buffers.Binary;
using ConfigCenter.Consensus.Messages;
using ConfigCenter.Server.Quorum.Messages;
using ConfigCenter.Server.Quorum.Transport;

namespace ConfigCenter.Server.Tests.Quorum;

public class PeerMessageCodecTests
{
    public static TheoryData<string> MessageNames() => new(SampleMessages.All().Select(sample => sample.Name));

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void Every_message_survives_a_round_trip(string name)
    {
        var message = Sample(name);
        var decoded = PeerMessageCodec.Decode(new ReadOnlySequence<byte>(Encode(message)));
        StructuralAssert.Equal(message, decoded);
    }

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void A_payload_split_into_tiny_segments_decodes_the_same(string name)
    {
        var message = Sample(name);
        var decoded = PeerMessageCodec.Decode(SegmentedSequence.Split(Encode(message), segmentBytes: 3));
        StructuralAssert.Equal(message, decoded);
    }

    [Fact]
    public void The_samples_cover_every_concrete_message_type()
    {
        var messageTypes = typeof(ZabMessage).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(ZabMessage)))
            .Concat(typeof(ServerMessage).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(ServerMessage))))
            .Where(t => !t.IsAbstract);
        var sampled = SampleMessages.All().Select(sample => sample.Message.GetType()).ToHashSet();
        Assert.All(messageTypes, type => Assert.Contains(type, sampled));
    }

    [Fact]
    public void Every_truncation_of_a_message_is_rejected()
    {
        var bytes = Encode(Sample("sync snap"));
        for (var length = 0; length < bytes.Length; length++)
            Assert.Throws<PeerProtocolException>(() => PeerMessageCodec.Decode(new ReadOnlySequence<byte>(bytes, 0, length)));
    }

    [Fact]
    public void Trailing_bytes_are_rejected()
    {
        var bytes = Encode(new Ack(1, 2, 3)).Append((byte)0).ToArray();
        var e = Assert.Throws<PeerProtocolException>(() => PeerMessageCodec.Decode(new ReadOnlySequence<byte>(bytes)));
        Assert.Contains("trailing", e.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(14)]
    [InlineData(255)]
    public void An_unknown_type_is_rejected(byte type)
    {
        var e = Assert.Throws<PeerProtocolException>(() => PeerMessageCodec.Decode(new ReadOnlySequence<byte>([type, 0, 0, 0, 0, 0, 0, 0, 0])));
        Assert.Contains("unknown message type", e.Message);
    }

    [Fact]
    public void A_negative_length_is_rejected()
    {
        // ForwardedRequest: type, sessionId (8), cxid (4), opcode (4), then the body's length.
        var bytes = Encode(new ForwardedRequest(1, 2, Protocol.OpCode.Delete, [1, 2], []));
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(1 + 8 + 4 + 4), -1);
        var e = Assert.Throws<PeerProtocolException>(() => PeerMessageCodec.Decode(new ReadOnlySequence<byte>(bytes)));
        Assert.Contains("negative length", e.Message);
    }

    [Theory]
    [InlineData(int.MaxValue, "count")]
    [InlineData(-1, "negative count")]
    [InlineData(2, "count 2")]
    public void A_count_the_frame_cannot_hold_is_rejected(int count, string expected)
    {
        // Proposal: type, epoch, connection, prevZxid, then the entry count; one empty entry follows.
        var bytes = Encode(new Proposal(1, 2, 3, [new Consensus.Storage.LogEntry(4, [])]));
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(1 + 8 + 8 + 8), count);
        var e = Assert.Throws<PeerProtocolException>(() => PeerMessageCodec.Decode(new ReadOnlySequence<byte>(bytes)));
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("notification", 1 + 24 + 8, 9)]
    [InlineData("sync diff, no entries", 1 + 16, 3)]
    [InlineData("new epoch", 1 + 16, 2)]
    [InlineData("sync snap", 1 + 16 + 1 + 16, 2)]
    public void An_undefined_enum_or_boolean_is_rejected(string name, int offset, byte value)
    {
        var bytes = Encode(Sample(name));
        bytes[offset] = value;
        Assert.Throws<PeerProtocolException>(() => PeerMessageCodec.Decode(new ReadOnlySequence<byte>(bytes)));
    }

    [Fact]
    public void An_undefined_opcode_is_rejected()
    {
        var bytes = Encode(new ForwardedRequest(1, 2, Protocol.OpCode.Delete, [], []));
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(1 + 8 + 4), 12345);
        Assert.Throws<PeerProtocolException>(() => PeerMessageCodec.Decode(new ReadOnlySequence<byte>(bytes)));
    }

    [Fact]
    public void Encoding_an_object_that_is_no_message_is_a_programming_error()
    {
        Assert.Throws<ArgumentException>(() => PeerMessageCodec.Encode("hello", new ArrayBufferWriter<byte>()));
    }

    private static object Sample(string name) => SampleMessages.All().Single(sample => sample.Name == name).Message;

    private static byte[] Encode(object message)
    {
        var output = new ArrayBufferWriter<byte>();
        PeerMessageCodec.Encode(message, output);
        return output.WrittenSpan.ToArray();
    }
}
