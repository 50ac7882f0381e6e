using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Server.DataTree;

/// <summary>One znode: data, ACL and the persisted part of its stat. Mutated only by <see cref="ZkDataTree"/>.</summary>
internal sealed class DataNode
{
    private static readonly HashSet<string> NoChildren = [];
    private HashSet<string>? _children;

    public DataNode(byte[]? data, IReadOnlyList<Acl> acl, long czxid, long time, long ephemeralOwner)
    {
        Data = data;
        Acl = acl;
        Czxid = czxid;
        Mzxid = czxid;
        Pzxid = czxid;
        Ctime = time;
        Mtime = time;
        EphemeralOwner = ephemeralOwner;
    }

    /// <summary>A node as a snapshot stores it, every persisted stat field given.</summary>
    public DataNode(byte[]? data, IReadOnlyList<Acl> acl, long czxid, long mzxid, long pzxid, long ctime, long mtime,
        int version, int cversion, int aversion, long ephemeralOwner)
        : this(data, acl, czxid, ctime, ephemeralOwner)
    {
        Mzxid = mzxid;
        Pzxid = pzxid;
        Mtime = mtime;
        Version = version;
        Cversion = cversion;
        Aversion = aversion;
    }

    /// <summary>Null when the client sent a null buffer: ZooKeeper keeps it and getData answers with a null (length -1) buffer.</summary>
    public byte[]? Data { get; set; }

    public int DataLength => Data?.Length ?? 0;
    public IReadOnlyList<Acl> Acl { get; set; }
    public long Czxid { get; }
    public long Mzxid { get; set; }
    public long Pzxid { get; set; }
    public long Ctime { get; }
    public long Mtime { get; set; }
    public int Version { get; set; }
    public int Cversion { get; set; }
    public int Aversion { get; set; }
    public long EphemeralOwner { get; }

    public IReadOnlyCollection<string> Children => _children ?? NoChildren;
    public int ChildCount => _children?.Count ?? 0;

    public void AddChild(string name) => (_children ??= []).Add(name);

    /// <summary>Takes over the children of the node this one replaces.</summary>
    public void AdoptChildren(DataNode replaced)
    {
        if (replaced._children is not { } theirs || ReferenceEquals(replaced, this)) return;
        if (_children is null) _children = theirs;
        else _children.UnionWith(theirs);
    }

    public void RemoveChild(string name)
    {
        if (_children is null) return;
        _children.Remove(name);
        if (_children.Count == 0) _children = null;
    }

    /// <summary>
    /// The stat as clients see it. <see cref="Cversion"/> counts creates only (it numbers sequential
    /// children); clients are shown creates plus deletes, which is 2 × creates − children, as ZooKeeper
    /// computes it. Containers and TTL nodes show ephemeralOwner 0: the marker is internal.
    /// </summary>
    public Stat ToStat()
    {
        var children = ChildCount;
        var owner = EphemeralOwners.IsSessionOwned(EphemeralOwner) ? EphemeralOwner : 0;
        return new Stat(Czxid, Mzxid, Ctime, Mtime, Version, Cversion * 2 - children, Aversion, owner, DataLength, children, Pzxid);
    }
}
