using ConfigCenter.Protocol.Jute;

namespace ConfigCenter.Protocol.Records;

/// <summary>An identity under an authentication scheme, e.g. (digest, "bob:hash") or (world, anyone).</summary>
public readonly record struct Id(string Scheme, string Value)
{
    public static readonly Id Anyone = new("world", "anyone");
    public static readonly Id AuthIds = new("auth", "");

    /// <summary>Reads an id; kazoo sends the empty id of (auth, "") as a null string, so null reads as empty.</summary>
    public static Id Read(ref JuteReader reader) => new(reader.ReadString() ?? "", reader.ReadString() ?? "");

    public void Write(JuteWriter writer)
    {
        writer.WriteString(Scheme);
        writer.WriteString(Value);
    }

    public override string ToString() => $"{Scheme}:{Value}";
}

public readonly record struct Acl(Perms Perms, Id Id)
{
    public static readonly IReadOnlyList<Acl> OpenAclUnsafe = [new Acl(Perms.All, Id.Anyone)];
    public static readonly IReadOnlyList<Acl> CreatorAllAcl = [new Acl(Perms.All, Id.AuthIds)];
    public static readonly IReadOnlyList<Acl> ReadAclUnsafe = [new Acl(Perms.Read, Id.Anyone)];

    public static Acl Read(ref JuteReader reader) => new((Perms)reader.ReadInt(), Id.Read(ref reader));

    public void Write(JuteWriter writer)
    {
        writer.WriteInt((int)Perms);
        Id.Write(writer);
    }

    public static List<Acl>? ReadList(ref JuteReader reader)
    {
        var count = reader.ReadVectorCount(minElementSize: 12);
        if (count < 0) return null;
        var list = new List<Acl>(count);
        for (var i = 0; i < count; i++) list.Add(Read(ref reader));
        return list;
    }

    public static void WriteList(JuteWriter writer, IReadOnlyList<Acl>? acls)
    {
        if (acls is null)
        {
            writer.WriteInt(-1);
            return;
        }
        writer.WriteInt(acls.Count);
        for (var i = 0; i < acls.Count; i++) acls[i].Write(writer);
    }
}

/// <summary>The znode status returned to clients; field order is the wire order.</summary>
public readonly record struct Stat(
    long Czxid,
    long Mzxid,
    long Ctime,
    long Mtime,
    int Version,
    int Cversion,
    int Aversion,
    long EphemeralOwner,
    int DataLength,
    int NumChildren,
    long Pzxid)
{
    public const int Size = 68;

    public static Stat Read(ref JuteReader reader) => new(
        reader.ReadLong(), reader.ReadLong(), reader.ReadLong(), reader.ReadLong(),
        reader.ReadInt(), reader.ReadInt(), reader.ReadInt(), reader.ReadLong(),
        reader.ReadInt(), reader.ReadInt(), reader.ReadLong());

    public void Write(JuteWriter writer)
    {
        writer.WriteLong(Czxid);
        writer.WriteLong(Mzxid);
        writer.WriteLong(Ctime);
        writer.WriteLong(Mtime);
        writer.WriteInt(Version);
        writer.WriteInt(Cversion);
        writer.WriteInt(Aversion);
        writer.WriteLong(EphemeralOwner);
        writer.WriteInt(DataLength);
        writer.WriteInt(NumChildren);
        writer.WriteLong(Pzxid);
    }
}

/// <summary>One authenticated identity of a session, as whoAmI reports it.</summary>
public readonly record struct ClientInfo(string AuthScheme, string User)
{
    public static ClientInfo Read(ref JuteReader reader) => new(reader.ReadRequiredString(), reader.ReadRequiredString());

    public void Write(JuteWriter writer)
    {
        writer.WriteString(AuthScheme);
        writer.WriteString(User);
    }
}
