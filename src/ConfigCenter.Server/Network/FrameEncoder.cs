using System.Buffers;
using System.Buffers.Binary;
using ConfigCenter.Protocol.Jute;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Server.Network;

/// <summary>Writes length-prefixed frames straight into a connection's output pipe.</summary>
internal static class FrameEncoder
{
    /// <summary>Encodes header and body into a reusable scratch buffer, then copies the framed bytes out.</summary>
    public static void WriteReply(IBufferWriter<byte> output, ArrayBufferWriter<byte> scratch, in ReplyHeader header, Response? body)
    {
        scratch.ResetWrittenCount();
        var writer = new JuteWriter(scratch);
        header.Write(writer);
        body?.Write(writer);
        WriteFrame(output, scratch.WrittenSpan);
    }

    public static void WriteConnectResponse(IBufferWriter<byte> output, ArrayBufferWriter<byte> scratch, ConnectResponse response)
    {
        scratch.ResetWrittenCount();
        response.Write(new JuteWriter(scratch));
        WriteFrame(output, scratch.WrittenSpan);
    }

    public static void WriteNotification(IBufferWriter<byte> output, ArrayBufferWriter<byte> scratch, long zxid, in WatcherEvent watchedEvent)
    {
        scratch.ResetWrittenCount();
        var writer = new JuteWriter(scratch);
        new ReplyHeader(Protocol.Xids.Notification, zxid, Protocol.ErrorCode.Ok).Write(writer);
        watchedEvent.Write(writer);
        WriteFrame(output, scratch.WrittenSpan);
    }

    private static void WriteFrame(IBufferWriter<byte> output, ReadOnlySpan<byte> payload)
    {
        var span = output.GetSpan(4 + payload.Length);
        BinaryPrimitives.WriteInt32BigEndian(span, payload.Length);
        payload.CopyTo(span[4..]);
        output.Advance(4 + payload.Length);
    }
}
