using ConfigCenter.Protocol.Jute;

namespace ConfigCenter.Protocol.Records;

/// <summary>
/// The header of a state change: who asked (session, xid), its zxid, the wall time the leader
/// stamped it with, and its type. Every replica applies the same header and body.
/// </summary>
public readonly record struct TxnHeader(long ClientId, int Cxid, long Zxid, long Time, OpCode Type)
{
    public static TxnHeader Read(ref JuteReader reader) =>
        new(reader.ReadLong(), reader.ReadInt(), reader.ReadLong(), reader.ReadLong(), (OpCode)reader.ReadInt());

    public void Write(JuteWriter writer)
    {
        writer.WriteLong(ClientId);
        writer.WriteInt(Cxid);
        writer.WriteLong(Zxid);
        writer.WriteLong(Time);
        writer.WriteInt((int)Type);
    }
}

/// <summary>The body of a state change, laid out as the matching record of zookeeper.jute's txn module.</summary>
public abstract record Txn
{
    public abstract void Write(JuteWriter writer);

    /// <summary>Decodes the body of a transaction of the given type (the header's type, or a multi entry's).</summary>
    public static Txn Read(OpCode type, ref JuteReader reader) => type switch
    {
        OpCode.Create or OpCode.Create2 => CreateTxn.Read(ref reader),
        OpCode.CreateContainer => CreateContainerTxn.Read(ref reader),
        OpCode.CreateTtl => CreateTtlTxn.Read(ref reader),
        OpCode.Delete or OpCode.DeleteContainer => new DeleteTxn(reader.ReadRequiredString()),
        OpCode.SetData => new SetDataTxn(reader.ReadRequiredString(), reader.ReadBuffer(), reader.ReadInt()),
        OpCode.SetAcl => new SetAclTxn(reader.ReadRequiredString(), Acl.ReadList(ref reader) ?? [], reader.ReadInt()),
        OpCode.Check => new CheckVersionTxn(reader.ReadRequiredString(), reader.ReadInt()),
        OpCode.CreateSession => new CreateSessionTxn(reader.ReadInt()),
        OpCode.CloseSession => new CloseSessionTxn(reader.End ? [] : reader.ReadStringVector() ?? []),
        OpCode.Error => new ErrorTxn((ErrorCode)reader.ReadInt()),
        OpCode.Multi => MultiTxn.Read(ref reader),
        _ => throw new JuteException($"unknown transaction type {(int)type}"),
    };
}

public sealed record CreateTxn(string Path, byte[]? Data, IReadOnlyList<Acl> Acl, bool Ephemeral, int ParentCVersion) : Txn
{
    public static CreateTxn Read(ref JuteReader reader) => new(
        reader.ReadRequiredString(), reader.ReadBuffer(), Records.Acl.ReadList(ref reader) ?? [], reader.ReadBool(), reader.ReadInt());

    public override void Write(JuteWriter writer)
    {
        writer.WriteString(Path);
        writer.WriteBuffer(Data);
        Records.Acl.WriteList(writer, Acl);
        writer.WriteBool(Ephemeral);
        writer.WriteInt(ParentCVersion);
    }
}

public sealed record CreateContainerTxn(string Path, byte[]? Data, IReadOnlyList<Acl> Acl, int ParentCVersion) : Txn
{
    public static CreateContainerTxn Read(ref JuteReader reader) => new(
        reader.ReadRequiredString(), reader.ReadBuffer(), Records.Acl.ReadList(ref reader) ?? [], reader.ReadInt());

    public override void Write(JuteWriter writer)
    {
        writer.WriteString(Path);
        writer.WriteBuffer(Data);
        Records.Acl.WriteList(writer, Acl);
        writer.WriteInt(ParentCVersion);
    }
}

public sealed record CreateTtlTxn(string Path, byte[]? Data, IReadOnlyList<Acl> Acl, int ParentCVersion, long Ttl) : Txn
{
    public static CreateTtlTxn Read(ref JuteReader reader) => new(
        reader.ReadRequiredString(), reader.ReadBuffer(), Records.Acl.ReadList(ref reader) ?? [], reader.ReadInt(), reader.ReadLong());

    public override void Write(JuteWriter writer)
    {
        writer.WriteString(Path);
        writer.WriteBuffer(Data);
        Records.Acl.WriteList(writer, Acl);
        writer.WriteInt(ParentCVersion);
        writer.WriteLong(Ttl);
    }
}

public sealed record DeleteTxn(string Path) : Txn
{
    public override void Write(JuteWriter writer) => writer.WriteString(Path);
}

public sealed record SetDataTxn(string Path, byte[]? Data, int Version) : Txn
{
    public override void Write(JuteWriter writer)
    {
        writer.WriteString(Path);
        writer.WriteBuffer(Data);
        writer.WriteInt(Version);
    }
}

public sealed record SetAclTxn(string Path, IReadOnlyList<Acl> Acl, int Version) : Txn
{
    public override void Write(JuteWriter writer)
    {
        writer.WriteString(Path);
        Records.Acl.WriteList(writer, Acl);
        writer.WriteInt(Version);
    }
}

public sealed record CheckVersionTxn(string Path, int Version) : Txn
{
    public override void Write(JuteWriter writer)
    {
        writer.WriteString(Path);
        writer.WriteInt(Version);
    }
}

public sealed record CreateSessionTxn(int Timeout) : Txn
{
    public override void Write(JuteWriter writer) => writer.WriteInt(Timeout);
}

/// <summary>Closing or expiring a session; lists the ephemerals it removes, as ZooKeeper 3.6+ does.</summary>
public sealed record CloseSessionTxn(IReadOnlyList<string> PathsToDelete) : Txn
{
    public override void Write(JuteWriter writer) => writer.WriteStringVector(PathsToDelete);
}

/// <summary>A request that failed validation: it still takes a zxid so every server answers it alike.</summary>
public sealed record ErrorTxn(ErrorCode Err) : Txn
{
    public override void Write(JuteWriter writer) => writer.WriteInt((int)Err);
}

public readonly record struct MultiTxnEntry(OpCode Type, Txn Txn);

/// <summary>A multi's sub-transactions, each framed as Txn { int type; buffer data }.</summary>
public sealed record MultiTxn(IReadOnlyList<MultiTxnEntry> Entries) : Txn
{
    public static MultiTxn Read(ref JuteReader reader)
    {
        var count = reader.ReadVectorCount(minElementSize: 8);
        var entries = new List<MultiTxnEntry>(Math.Max(count, 0));
        for (var i = 0; i < count; i++)
        {
            var type = (OpCode)reader.ReadInt();
            // ZooKeeper never nests a multi; refusing one also keeps forged nesting from recursing the stack away.
            if (type == OpCode.Multi) throw new JuteException("a multi transaction cannot contain another multi");
            var body = reader.ReadBufferSpan(out _);
            var inner = new JuteReader(body);
            entries.Add(new MultiTxnEntry(type, Txn.Read(type, ref inner)));
        }
        return new MultiTxn(entries);
    }

    public override void Write(JuteWriter writer)
    {
        writer.WriteInt(Entries.Count);
        var scratch = new System.Buffers.ArrayBufferWriter<byte>();
        foreach (var entry in Entries)
        {
            scratch.ResetWrittenCount();
            entry.Txn.Write(new JuteWriter(scratch));
            writer.WriteInt((int)entry.Type);
            writer.WriteBuffer(scratch.WrittenSpan);
        }
    }
}
