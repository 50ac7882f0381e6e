using ConfigCenter.Protocol.Jute;

namespace ConfigCenter.Storage.Snapshots;

/// <summary>
/// The part of a znode's stat that is stored (ZooKeeper's StatPersisted): what clients see is
/// derived from it. <see cref="Cversion"/> is the server's internal count of creates under the node.
/// </summary>
public readonly record struct PersistedStat(
    long Czxid,
    long Mzxid,
    long Ctime,
    long Mtime,
    int Version,
    int Cversion,
    int Aversion,
    long EphemeralOwner,
    long Pzxid)
{
    public static PersistedStat Read(ref JuteReader reader) => new(
        reader.ReadLong(), reader.ReadLong(), reader.ReadLong(), reader.ReadLong(),
        reader.ReadInt(), reader.ReadInt(), reader.ReadInt(), reader.ReadLong(), reader.ReadLong());

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
        writer.WriteLong(Pzxid);
    }
}
