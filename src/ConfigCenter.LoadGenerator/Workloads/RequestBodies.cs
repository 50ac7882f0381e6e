using System.Buffers;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Jute;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.LoadGenerator.Workloads;

/// <summary>
/// Writes request bodies from spans in the field order of the Protocol library's records
/// (CreateRequest, SetDataRequest, GetDataRequest), without building a record per request. A path
/// written as a length-prefixed buffer is byte for byte the Jute string for any path without surrogates.
/// </summary>
internal static class RequestBodies
{
    private static readonly byte[] OpenAcl = Serialize(writer => Acl.WriteList(writer, Acl.OpenAclUnsafe));

    public static void WriteCreate(JuteWriter writer, ReadOnlySpan<byte> path, ReadOnlySpan<byte> data, CreateMode mode)
    {
        writer.WriteBuffer(path);
        writer.WriteBuffer(data);
        writer.WriteRaw(OpenAcl);
        writer.WriteInt((int)mode);
    }

    public static void WriteSetData(JuteWriter writer, ReadOnlySpan<byte> path, ReadOnlySpan<byte> data, int version)
    {
        writer.WriteBuffer(path);
        writer.WriteBuffer(data);
        writer.WriteInt(version);
    }

    public static void WriteGetData(JuteWriter writer, ReadOnlySpan<byte> path, bool watch)
    {
        writer.WriteBuffer(path);
        writer.WriteBool(watch);
    }

    private static byte[] Serialize(Action<JuteWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(new JuteWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }
}
