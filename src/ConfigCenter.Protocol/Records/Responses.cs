using ConfigCenter.Protocol.Jute;

namespace ConfigCenter.Protocol.Records;

/// <summary>The body of a successful reply; errors carry no body, only ReplyHeader.err.</summary>
public abstract record Response
{
    public abstract void Write(JuteWriter writer);
}

public sealed record EmptyResponse : Response
{
    public static readonly EmptyResponse Instance = new();
    public override void Write(JuteWriter writer) { }
}

public sealed record CreateResponse(string Path) : Response
{
    public static CreateResponse Read(ref JuteReader reader) => new(reader.ReadRequiredString());
    public override void Write(JuteWriter writer) => writer.WriteString(Path);
}

public sealed record Create2Response(string Path, Stat Stat) : Response
{
    public static Create2Response Read(ref JuteReader reader) => new(reader.ReadRequiredString(), Stat.Read(ref reader));

    public override void Write(JuteWriter writer)
    {
        writer.WriteString(Path);
        Stat.Write(writer);
    }
}

/// <summary>exists, setData and setACL answer with a Stat alone.</summary>
public sealed record StatResponse(Stat Stat) : Response
{
    public static StatResponse Read(ref JuteReader reader) => new(Stat.Read(ref reader));
    public override void Write(JuteWriter writer) => Stat.Write(writer);
}

public sealed record GetDataResponse(byte[]? Data, Stat Stat) : Response
{
    public static GetDataResponse Read(ref JuteReader reader) => new(reader.ReadBuffer(), Stat.Read(ref reader));

    public override void Write(JuteWriter writer)
    {
        writer.WriteBuffer(Data);
        Stat.Write(writer);
    }
}

public sealed record GetChildrenResponse(IReadOnlyList<string> Children) : Response
{
    public static GetChildrenResponse Read(ref JuteReader reader) => new(reader.ReadStringVector() ?? []);
    public override void Write(JuteWriter writer) => writer.WriteStringVector(Children);
}

public sealed record GetChildren2Response(IReadOnlyList<string> Children, Stat Stat) : Response
{
    public static GetChildren2Response Read(ref JuteReader reader) => new(reader.ReadStringVector() ?? [], Stat.Read(ref reader));

    public override void Write(JuteWriter writer)
    {
        writer.WriteStringVector(Children);
        Stat.Write(writer);
    }
}

public sealed record GetAclResponse(IReadOnlyList<Acl> Acl, Stat Stat) : Response
{
    public static GetAclResponse Read(ref JuteReader reader) => new(Records.Acl.ReadList(ref reader) ?? [], Stat.Read(ref reader));

    public override void Write(JuteWriter writer)
    {
        Records.Acl.WriteList(writer, Acl);
        Stat.Write(writer);
    }
}

public sealed record SyncResponse(string Path) : Response
{
    public static SyncResponse Read(ref JuteReader reader) => new(reader.ReadRequiredString());
    public override void Write(JuteWriter writer) => writer.WriteString(Path);
}

public sealed record GetAllChildrenNumberResponse(int TotalNumber) : Response
{
    public static GetAllChildrenNumberResponse Read(ref JuteReader reader) => new(reader.ReadInt());
    public override void Write(JuteWriter writer) => writer.WriteInt(TotalNumber);
}

public sealed record GetEphemeralsResponse(IReadOnlyList<string> Ephemerals) : Response
{
    public static GetEphemeralsResponse Read(ref JuteReader reader) => new(reader.ReadStringVector() ?? []);
    public override void Write(JuteWriter writer) => writer.WriteStringVector(Ephemerals);
}

public sealed record WhoAmIResponse(IReadOnlyList<ClientInfo> ClientInfo) : Response
{
    public static WhoAmIResponse Read(ref JuteReader reader)
    {
        var count = reader.ReadVectorCount(minElementSize: 8);
        var list = new List<ClientInfo>(Math.Max(count, 0));
        for (var i = 0; i < count; i++) list.Add(Records.ClientInfo.Read(ref reader));
        return new WhoAmIResponse(list);
    }

    public override void Write(JuteWriter writer)
    {
        writer.WriteInt(ClientInfo.Count);
        foreach (var info in ClientInfo) info.Write(writer);
    }
}

/// <summary>One result inside a multi response: the op's type (or error) and its body.</summary>
public readonly record struct MultiResult(OpCode Type, ErrorCode Err, Response? Body)
{
    public static MultiResult Error(ErrorCode err) => new(OpCode.Error, err, null);
}

/// <summary>
/// The reply to multi and multiRead. A failed multi reports every op as an error: the failing op
/// with its code, ops before it with Ok, ops after it with RuntimeInconsistency, as ZooKeeper does.
/// </summary>
public sealed record MultiResponse(IReadOnlyList<MultiResult> Results) : Response
{
    public override void Write(JuteWriter writer)
    {
        foreach (var result in Results)
        {
            new MultiHeader(result.Type, false, result.Type == OpCode.Error ? (int)result.Err : 0).Write(writer);
            if (result.Type == OpCode.Error) writer.WriteInt((int)result.Err);
            else result.Body?.Write(writer);
        }
        new MultiHeader((OpCode)(-1), true, -1).Write(writer);
    }

    public static MultiResponse Read(ref JuteReader reader)
    {
        var results = new List<MultiResult>();
        var header = MultiHeader.Read(ref reader);
        while (!header.Done)
        {
            MultiResult result = header.Type switch
            {
                OpCode.Create => new(header.Type, ErrorCode.Ok, CreateResponse.Read(ref reader)),
                OpCode.Create2 => new(header.Type, ErrorCode.Ok, Create2Response.Read(ref reader)),
                OpCode.Delete or OpCode.Check => new(header.Type, ErrorCode.Ok, null),
                OpCode.SetData => new(header.Type, ErrorCode.Ok, StatResponse.Read(ref reader)),
                OpCode.GetChildren => new(header.Type, ErrorCode.Ok, GetChildrenResponse.Read(ref reader)),
                OpCode.GetData => new(header.Type, ErrorCode.Ok, GetDataResponse.Read(ref reader)),
                OpCode.Error => MultiResult.Error((ErrorCode)reader.ReadInt()),
                _ => throw new JuteException($"invalid result type {(int)header.Type} in multi response"),
            };
            results.Add(result);
            header = MultiHeader.Read(ref reader);
        }
        return new MultiResponse(results);
    }
}

/// <summary>A bare error code as a body: addWatch answers with ErrorResponse(0), as ZooKeeper does.</summary>
public sealed record ErrorResponse(ErrorCode Err) : Response
{
    public static ErrorResponse Read(ref JuteReader reader) => new((ErrorCode)reader.ReadInt());
    public override void Write(JuteWriter writer) => writer.WriteInt((int)Err);
}
