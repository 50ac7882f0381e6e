using ConfigCenter.Protocol;

namespace ConfigCenter.Conformance.Tests.Differential;

/// <summary>
/// One action of a scenario. Steps are generated from the seed alone, never from server answers, so
/// both servers run exactly the same steps. A path starting with '@' names the n-th path a create
/// returned in this run (modulo their count): that is how steps reach sequential nodes.
/// </summary>
public abstract record ScenarioStep(int Session)
{
    public abstract string Describe();
}

/// <summary>Which ACL list a create or setACL sends.</summary>
public enum AclKind
{
    OpenUnsafe,
    ReadOnlyWorld,
    DigestUser1,
    DigestUser2PlusWorldRead,
    CreatorAll,
    InvalidDigestWithoutColon,
    UnknownScheme,
}

public sealed record CreateStep(int Session, OpCode Op, string Path, string Data, CreateMode Mode, AclKind Acl, long? Ttl) : ScenarioStep(Session)
{
    public override string Describe() => $"s{Session} {Op}({Path}, \"{Data}\", {Mode}, {Acl}{(Ttl is { } ttl ? $", ttl={ttl}" : "")})";
}

public sealed record SetDataStep(int Session, string Path, string Data, int Version) : ScenarioStep(Session)
{
    public override string Describe() => $"s{Session} setData({Path}, \"{Data}\", v={Version})";
}

public sealed record DeleteStep(int Session, string Path, int Version) : ScenarioStep(Session)
{
    public override string Describe() => $"s{Session} delete({Path}, v={Version})";
}

/// <summary>A standalone check; only wrong versions, since ZooKeeper 3.8.0 never answers a passing one.</summary>
public sealed record CheckStep(int Session, string Path, int Version) : ScenarioStep(Session)
{
    public override string Describe() => $"s{Session} check({Path}, v={Version})";
}

/// <summary>Single-path requests that change nothing: exists, getData, getChildren(2), getACL, sync, getAllChildrenNumber, getEphemerals.</summary>
public sealed record ReadStep(int Session, OpCode Op, string Path, bool Watch) : ScenarioStep(Session)
{
    public override string Describe() => $"s{Session} {Op}({Path}{(Watch ? ", watch" : "")})";
}

public sealed record MultiOpSpec(OpCode Type, string Path, int Version, CreateMode Mode, string Data)
{
    public override string ToString() => Type switch
    {
        OpCode.Create or OpCode.Create2 => $"{Type}({Path}, {Mode})",
        OpCode.SetData => $"setData({Path}, v={Version})",
        OpCode.Delete or OpCode.Check => $"{Type}({Path}, v={Version})",
        _ => $"{Type}({Path})",
    };
}

/// <summary>multi (writes) or multiRead (getData/getChildren).</summary>
public sealed record MultiStep(int Session, OpCode Op, IReadOnlyList<MultiOpSpec> Ops) : ScenarioStep(Session)
{
    public override string Describe() => $"s{Session} {Op}[{string.Join(", ", Ops)}]";
}

public sealed record SetAclStep(int Session, string Path, AclKind Acl, int Version) : ScenarioStep(Session)
{
    public override string Describe() => $"s{Session} setACL({Path}, {Acl}, v={Version})";
}

public sealed record AddAuthStep(int Session, string User) : ScenarioStep(Session)
{
    public override string Describe() => $"s{Session} addAuth(digest, {User})";
}

/// <summary>closeSession on the slot's connection, then a fresh session takes the slot.</summary>
public sealed record CloseSessionStep(int Session) : ScenarioStep(Session)
{
    public override string Describe() => $"s{Session} closeSession + reconnect";
}

/// <summary>A short-lived extra session creates ephemerals, stops talking, and the step waits until the server expires it.</summary>
public sealed record ExpireSessionStep(IReadOnlyList<string> EphemeralPaths) : ScenarioStep(-1)
{
    public override string Describe() => $"temp session creates ephemerals [{string.Join(", ", EphemeralPaths)}] and expires";
}
