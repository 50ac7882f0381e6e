using ConfigCenter.Protocol.Jute;

namespace ConfigCenter.Protocol.Records;

/// <summary>
/// The first frame of a connection. Clients since 3.3 append a readOnly flag; older ones (and some
/// C clients) omit it, so its absence is legal.
/// </summary>
public sealed record ConnectRequest(int ProtocolVersion, long LastZxidSeen, int Timeout, long SessionId, byte[] Password, bool? ReadOnly)
{
    public static ConnectRequest Read(ref JuteReader reader)
    {
        var protocolVersion = reader.ReadInt();
        var lastZxidSeen = reader.ReadLong();
        var timeout = reader.ReadInt();
        var sessionId = reader.ReadLong();
        var password = reader.ReadBuffer() ?? [];
        bool? readOnly = reader.End ? null : reader.ReadBool();
        return new ConnectRequest(protocolVersion, lastZxidSeen, timeout, sessionId, password, readOnly);
    }

    public void Write(JuteWriter writer)
    {
        writer.WriteInt(ProtocolVersion);
        writer.WriteLong(LastZxidSeen);
        writer.WriteInt(Timeout);
        writer.WriteLong(SessionId);
        writer.WriteBuffer(Password);
        if (ReadOnly is { } readOnly) writer.WriteBool(readOnly);
    }
}

/// <summary>The server's answer to ConnectRequest; the readOnly flag is echoed only when the client sent it.</summary>
public sealed record ConnectResponse(int ProtocolVersion, int Timeout, long SessionId, byte[] Password, bool? ReadOnly)
{
    public static ConnectResponse Read(ref JuteReader reader)
    {
        var protocolVersion = reader.ReadInt();
        var timeout = reader.ReadInt();
        var sessionId = reader.ReadLong();
        var password = reader.ReadBuffer() ?? [];
        bool? readOnly = reader.End ? null : reader.ReadBool();
        return new ConnectResponse(protocolVersion, timeout, sessionId, password, readOnly);
    }

    public void Write(JuteWriter writer)
    {
        writer.WriteInt(ProtocolVersion);
        writer.WriteInt(Timeout);
        writer.WriteLong(SessionId);
        writer.WriteBuffer(Password);
        if (ReadOnly is { } readOnly) writer.WriteBool(readOnly);
    }
}

public readonly record struct RequestHeader(int Xid, OpCode Type)
{
    public const int Size = 8;

    public static RequestHeader Read(ref JuteReader reader) => new(reader.ReadInt(), (OpCode)reader.ReadInt());

    public void Write(JuteWriter writer)
    {
        writer.WriteInt(Xid);
        writer.WriteInt((int)Type);
    }
}

public readonly record struct ReplyHeader(int Xid, long Zxid, ErrorCode Err)
{
    public const int Size = 16;

    public static ReplyHeader Read(ref JuteReader reader) => new(reader.ReadInt(), reader.ReadLong(), (ErrorCode)reader.ReadInt());

    public void Write(JuteWriter writer)
    {
        writer.WriteInt(Xid);
        writer.WriteLong(Zxid);
        writer.WriteInt((int)Err);
    }
}

/// <summary>A watch notification, sent with xid -1.</summary>
public readonly record struct WatcherEvent(EventType Type, KeeperState State, string Path)
{
    public static WatcherEvent Read(ref JuteReader reader) =>
        new((EventType)reader.ReadInt(), (KeeperState)reader.ReadInt(), reader.ReadString() ?? string.Empty);

    public void Write(JuteWriter writer)
    {
        writer.WriteInt((int)Type);
        writer.WriteInt((int)State);
        writer.WriteString(Path);
    }
}

public sealed record AuthPacket(int Type, string Scheme, byte[] Auth)
{
    public static AuthPacket Read(ref JuteReader reader) =>
        new(reader.ReadInt(), reader.ReadRequiredString(), reader.ReadBuffer() ?? []);

    public void Write(JuteWriter writer)
    {
        writer.WriteInt(Type);
        writer.WriteString(Scheme);
        writer.WriteBuffer(Auth);
    }
}

/// <summary>
/// SetWatches (opcode 101) and SetWatches2 (opcode 105) in one shape; the persistent lists are
/// empty for the older record and are written only for SetWatches2.
/// </summary>
public sealed record SetWatchesRequest(
    long RelativeZxid,
    IReadOnlyList<string> DataWatches,
    IReadOnlyList<string> ExistWatches,
    IReadOnlyList<string> ChildWatches,
    IReadOnlyList<string> PersistentWatches,
    IReadOnlyList<string> PersistentRecursiveWatches)
{
    public static SetWatchesRequest Read(ref JuteReader reader, bool version2)
    {
        var zxid = reader.ReadLong();
        var data = reader.ReadStringVector() ?? [];
        var exist = reader.ReadStringVector() ?? [];
        var child = reader.ReadStringVector() ?? [];
        var persistent = version2 ? reader.ReadStringVector() ?? [] : [];
        var recursive = version2 ? reader.ReadStringVector() ?? [] : [];
        return new SetWatchesRequest(zxid, data, exist, child, persistent, recursive);
    }

    public void Write(JuteWriter writer, bool version2)
    {
        writer.WriteLong(RelativeZxid);
        writer.WriteStringVector(DataWatches);
        writer.WriteStringVector(ExistWatches);
        writer.WriteStringVector(ChildWatches);
        if (!version2) return;
        writer.WriteStringVector(PersistentWatches);
        writer.WriteStringVector(PersistentRecursiveWatches);
    }
}

/// <summary>One entry of a multi request or response: type, done flag, error.</summary>
public readonly record struct MultiHeader(OpCode Type, bool Done, int Err)
{
    public static MultiHeader Read(ref JuteReader reader) => new((OpCode)reader.ReadInt(), reader.ReadBool(), reader.ReadInt());

    public void Write(JuteWriter writer)
    {
        writer.WriteInt((int)Type);
        writer.WriteBool(Done);
        writer.WriteInt(Err);
    }
}
