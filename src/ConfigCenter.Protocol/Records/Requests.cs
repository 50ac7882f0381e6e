using ConfigCenter.Protocol.Jute;

namespace ConfigCenter.Protocol.Records;

/// <summary>The body of a client request; its opcode travels in the RequestHeader.</summary>
public abstract record Request
{
    public abstract void Write(JuteWriter writer);

    /// <summary>Decodes the body that follows a header of the given type; null for an opcode this protocol does not know.</summary>
    public static Request? Read(OpCode type, ref JuteReader reader) => type switch
    {
        OpCode.Create or OpCode.Create2 or OpCode.CreateContainer => CreateRequest.Read(ref reader, withTtl: false),
        OpCode.CreateTtl => CreateRequest.Read(ref reader, withTtl: true),
        OpCode.Delete => DeleteRequest.Read(ref reader),
        OpCode.Exists => ExistsRequest.Read(ref reader),
        OpCode.GetData => GetDataRequest.Read(ref reader),
        OpCode.SetData => SetDataRequest.Read(ref reader),
        OpCode.GetAcl => GetAclRequest.Read(ref reader),
        OpCode.SetAcl => SetAclRequest.Read(ref reader),
        OpCode.GetChildren or OpCode.GetChildren2 => GetChildrenRequest.Read(ref reader),
        OpCode.Sync => SyncRequest.Read(ref reader),
        OpCode.Check => CheckVersionRequest.Read(ref reader),
        OpCode.Multi or OpCode.MultiRead => MultiRequest.Read(ref reader),
        OpCode.GetAllChildrenNumber => GetAllChildrenNumberRequest.Read(ref reader),
        OpCode.GetEphemerals => GetEphemeralsRequest.Read(ref reader),
        OpCode.AddWatch => AddWatchRequest.Read(ref reader),
        OpCode.CheckWatches or OpCode.RemoveWatches => RemoveWatchesRequest.Read(ref reader),
        OpCode.SetWatches => SetWatchesBody.Read(ref reader, version2: false),
        OpCode.SetWatches2 => SetWatchesBody.Read(ref reader, version2: true),
        OpCode.Auth => AuthRequest.Read(ref reader),
        OpCode.Ping or OpCode.CloseSession or OpCode.WhoAmI => EmptyRequest.Instance,
        _ => null,
    };
}

/// <summary>ping, closeSession and whoAmI carry no body.</summary>
public sealed record EmptyRequest : Request
{
    public static readonly EmptyRequest Instance = new();
    public override void Write(JuteWriter writer) { }
}

/// <summary>create, create2, createContainer (CreateRequest) and createTTL (CreateTTLRequest, Ttl set).</summary>
public sealed record CreateRequest(string Path, byte[]? Data, IReadOnlyList<Acl> Acl, int Flags, long? Ttl = null) : Request
{
    public static CreateRequest Read(ref JuteReader reader, bool withTtl)
    {
        var path = reader.ReadRequiredString();
        var data = reader.ReadBuffer();
        var acl = Records.Acl.ReadList(ref reader) ?? [];
        var flags = reader.ReadInt();
        long? ttl = withTtl ? reader.ReadLong() : null;
        return new CreateRequest(path, data, acl, flags, ttl);
    }

    public override void Write(JuteWriter writer)
    {
        writer.WriteString(Path);
        writer.WriteBuffer(Data);
        Records.Acl.WriteList(writer, Acl);
        writer.WriteInt(Flags);
        if (Ttl is { } ttl) writer.WriteLong(ttl);
    }
}

public sealed record DeleteRequest(string Path, int Version) : Request
{
    public static DeleteRequest Read(ref JuteReader reader) => new(reader.ReadRequiredString(), reader.ReadInt());

    public override void Write(JuteWriter writer)
    {
        writer.WriteString(Path);
        writer.WriteInt(Version);
    }
}

public sealed record CheckVersionRequest(string Path, int Version) : Request
{
    public static CheckVersionRequest Read(ref JuteReader reader) => new(reader.ReadRequiredString(), reader.ReadInt());

    public override void Write(JuteWriter writer)
    {
        writer.WriteString(Path);
        writer.WriteInt(Version);
    }
}

public sealed record ExistsRequest(string Path, bool Watch) : Request
{
    public static ExistsRequest Read(ref JuteReader reader) => new(reader.ReadRequiredString(), reader.ReadBool());

    public override void Write(JuteWriter writer)
    {
        writer.WriteString(Path);
        writer.WriteBool(Watch);
    }
}

public sealed record GetDataRequest(string Path, bool Watch) : Request
{
    public static GetDataRequest Read(ref JuteReader reader) => new(reader.ReadRequiredString(), reader.ReadBool());

    public override void Write(JuteWriter writer)
    {
        writer.WriteString(Path);
        writer.WriteBool(Watch);
    }
}

/// <summary>getChildren and getChildren2 share one request record.</summary>
public sealed record GetChildrenRequest(string Path, bool Watch) : Request
{
    public static GetChildrenRequest Read(ref JuteReader reader) => new(reader.ReadRequiredString(), reader.ReadBool());

    public override void Write(JuteWriter writer)
    {
        writer.WriteString(Path);
        writer.WriteBool(Watch);
    }
}

public sealed record SetDataRequest(string Path, byte[]? Data, int Version) : Request
{
    public static SetDataRequest Read(ref JuteReader reader) => new(reader.ReadRequiredString(), reader.ReadBuffer(), reader.ReadInt());

    public override void Write(JuteWriter writer)
    {
        writer.WriteString(Path);
        writer.WriteBuffer(Data);
        writer.WriteInt(Version);
    }
}

public sealed record GetAclRequest(string Path) : Request
{
    public static GetAclRequest Read(ref JuteReader reader) => new(reader.ReadRequiredString());
    public override void Write(JuteWriter writer) => writer.WriteString(Path);
}

public sealed record SetAclRequest(string Path, IReadOnlyList<Acl> Acl, int Version) : Request
{
    public static SetAclRequest Read(ref JuteReader reader) =>
        new(reader.ReadRequiredString(), Records.Acl.ReadList(ref reader) ?? [], reader.ReadInt());

    public override void Write(JuteWriter writer)
    {
        writer.WriteString(Path);
        Records.Acl.WriteList(writer, Acl);
        writer.WriteInt(Version);
    }
}

public sealed record SyncRequest(string Path) : Request
{
    public static SyncRequest Read(ref JuteReader reader) => new(reader.ReadRequiredString());
    public override void Write(JuteWriter writer) => writer.WriteString(Path);
}

public sealed record GetAllChildrenNumberRequest(string Path) : Request
{
    public static GetAllChildrenNumberRequest Read(ref JuteReader reader) => new(reader.ReadRequiredString());
    public override void Write(JuteWriter writer) => writer.WriteString(Path);
}

public sealed record GetEphemeralsRequest(string PrefixPath) : Request
{
    public static GetEphemeralsRequest Read(ref JuteReader reader) => new(reader.ReadRequiredString());
    public override void Write(JuteWriter writer) => writer.WriteString(PrefixPath);
}

public sealed record AddWatchRequest(string Path, AddWatchMode Mode) : Request
{
    public static AddWatchRequest Read(ref JuteReader reader) => new(reader.ReadRequiredString(), (AddWatchMode)reader.ReadInt());

    public override void Write(JuteWriter writer)
    {
        writer.WriteString(Path);
        writer.WriteInt((int)Mode);
    }
}

/// <summary>checkWatches and removeWatches share one record shape (CheckWatchesRequest / RemoveWatchesRequest).</summary>
public sealed record RemoveWatchesRequest(string Path, WatcherType Type) : Request
{
    public static RemoveWatchesRequest Read(ref JuteReader reader) => new(reader.ReadRequiredString(), (WatcherType)reader.ReadInt());

    public override void Write(JuteWriter writer)
    {
        writer.WriteString(Path);
        writer.WriteInt((int)Type);
    }
}

public sealed record SetWatchesBody(SetWatchesRequest Watches, bool Version2) : Request
{
    public static SetWatchesBody Read(ref JuteReader reader, bool version2) => new(SetWatchesRequest.Read(ref reader, version2), version2);
    public override void Write(JuteWriter writer) => Watches.Write(writer, Version2);
}

public sealed record AuthRequest(AuthPacket Packet) : Request
{
    public static AuthRequest Read(ref JuteReader reader) => new(AuthPacket.Read(ref reader));
    public override void Write(JuteWriter writer) => Packet.Write(writer);
}

/// <summary>One operation inside a multi or multiRead request.</summary>
public readonly record struct MultiOp(OpCode Type, Request Request);

/// <summary>
/// multi and multiRead: a sequence of (MultiHeader, op) pairs closed by a header with done set.
/// Only the op types ZooKeeper accepts inside a multi are decoded.
/// </summary>
public sealed record MultiRequest(IReadOnlyList<MultiOp> Ops) : Request
{
    public static MultiRequest Read(ref JuteReader reader)
    {
        var ops = new List<MultiOp>();
        var header = MultiHeader.Read(ref reader);
        while (!header.Done)
        {
            Request op = header.Type switch
            {
                OpCode.Create or OpCode.Create2 or OpCode.CreateContainer => CreateRequest.Read(ref reader, withTtl: false),
                OpCode.CreateTtl => CreateRequest.Read(ref reader, withTtl: true),
                OpCode.Delete => DeleteRequest.Read(ref reader),
                OpCode.SetData => SetDataRequest.Read(ref reader),
                OpCode.Check => CheckVersionRequest.Read(ref reader),
                OpCode.GetChildren => GetChildrenRequest.Read(ref reader),
                OpCode.GetData => GetDataRequest.Read(ref reader),
                _ => throw new JuteException($"invalid op type {(int)header.Type} in multi"),
            };
            ops.Add(new MultiOp(header.Type, op));
            header = MultiHeader.Read(ref reader);
        }
        return new MultiRequest(ops);
    }

    public override void Write(JuteWriter writer)
    {
        foreach (var op in Ops)
        {
            new MultiHeader(op.Type, false, -1).Write(writer);
            op.Request.Write(writer);
        }
        new MultiHeader((OpCode)(-1), true, -1).Write(writer);
    }
}
