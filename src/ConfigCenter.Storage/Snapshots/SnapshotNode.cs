using ConfigCenter.Protocol.Jute;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Storage.Snapshots;

/// <summary>One znode in a snapshot (read by <see cref="SnapshotNodeDecoder"/>). Data may be null (a node created with a null buffer stays null).</summary>
public readonly record struct SnapshotNode(string Path, byte[]? Data, IReadOnlyList<Acl> Acl, PersistedStat Stat)
{
    public void Write(JuteWriter writer)
    {
        writer.WriteString(Path);
        writer.WriteBuffer(Data);
        ConfigCenter.Protocol.Records.Acl.WriteList(writer, Acl);
        Stat.Write(writer);
    }
}
