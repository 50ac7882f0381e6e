using ConfigCenter.Protocol.Jute;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Storage.Snapshots;

/// <summary>
/// Decodes the nodes of one snapshot. Nearly every node of a tree carries one of a handful of ACLs,
/// so a node whose encoded ACL equals one seen before gets that same list instead of a new list,
/// records and strings of its own.
/// </summary>
internal sealed class SnapshotNodeDecoder
{
    // Past this many distinct ACLs, further ones are decoded per node as before.
    private const int MaxSharedAcls = 64;
    private readonly List<(byte[] Encoded, IReadOnlyList<Acl> Acl)> _shared = [];

    public SnapshotNode Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new JuteReader(bytes);
        var path = reader.ReadRequiredString();
        var data = reader.ReadBuffer();
        var aclStart = reader.Position;
        SkipAclList(ref reader);
        var acl = SharedAcl(bytes[aclStart..reader.Position]);
        var stat = PersistedStat.Read(ref reader);
        if (!reader.End) throw new JuteException($"{reader.Remaining} bytes left over");
        return new SnapshotNode(path, data, acl, stat);
    }

    private IReadOnlyList<Acl> SharedAcl(ReadOnlySpan<byte> encoded)
    {
        foreach (var (known, acl) in _shared)
        {
            if (encoded.SequenceEqual(known)) return acl;
        }
        var reader = new JuteReader(encoded);
        IReadOnlyList<Acl> decoded = Acl.ReadList(ref reader) ?? [];
        if (_shared.Count < MaxSharedAcls) _shared.Add((encoded.ToArray(), decoded));
        return decoded;
    }

    /// <summary>Moves past a Jute ACL vector (count, then perms, scheme and id per entry) without decoding it.</summary>
    private static void SkipAclList(ref JuteReader reader)
    {
        var count = reader.ReadVectorCount(minElementSize: 12);
        for (var i = 0; i < count; i++)
        {
            reader.ReadInt();
            reader.ReadBufferSpan(out _);
            reader.ReadBufferSpan(out _);
        }
    }
}
