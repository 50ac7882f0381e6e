using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Jute;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Client.Connection;

/// <summary>The client protocol's framing: every record travels behind a 4-byte big-endian length.</summary>
internal static class Frames
{
    public static void WriteRequest(ArrayBufferWriter<byte> output, int xid, OpCode opCode, Request body)
    {
        var start = BeginFrame(output);
        var writer = new JuteWriter(output);
        new RequestHeader(xid, opCode).Write(writer);
        body.Write(writer);
        EndFrame(output, start);
    }

    public static void WriteConnectRequest(ArrayBufferWriter<byte> output, ConnectRequest request)
    {
        var start = BeginFrame(output);
        request.Write(new JuteWriter(output));
        EndFrame(output, start);
    }

    /// <summary>Reads one frame into a buffer rented from the shared pool; the caller returns it.</summary>
    public static async Task<(byte[] Buffer, int Length)> ReadAsync(Stream input, byte[] lengthScratch, int maxLength, CancellationToken cancellationToken)
    {
        await input.ReadExactlyAsync(lengthScratch.AsMemory(0, 4), cancellationToken).ConfigureAwait(false);
        var length = BinaryPrimitives.ReadInt32BigEndian(lengthScratch);
        if (length < 0 || length > maxLength)
            throw new IOException($"Reply frame length {length} is out of range (limit {maxLength}).");
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            await input.ReadExactlyAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            return (buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static int BeginFrame(ArrayBufferWriter<byte> output)
    {
        var start = output.WrittenCount;
        new JuteWriter(output).WriteInt(0); // patched with the length once the body is written
        return start;
    }

    private static void EndFrame(ArrayBufferWriter<byte> output, int start)
    {
        var written = MemoryMarshal.AsMemory(output.WrittenMemory).Span;
        BinaryPrimitives.WriteInt32BigEndian(written[start..], output.WrittenCount - start - 4);
    }
}
