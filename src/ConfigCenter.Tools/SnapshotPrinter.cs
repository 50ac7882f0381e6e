using ConfigCenter.Storage;
using ConfigCenter.Storage.Snapshots;

namespace ConfigCenter.Tools;

/// <summary>Prints a snapshot: its zxid, its sessions and every node with its stat, then the checksum verdict.</summary>
internal sealed class SnapshotPrinter(TextWriter output)
{
    public int Print(string path, bool withData)
    {
        try
        {
            using var reader = SnapshotReader.Open(path);
            output.WriteLine($"snapshot {path}");
            output.WriteLine($"  zxid {DataFormatter.Hex(reader.Zxid)}, database id {reader.DatabaseId}, {reader.NodeCount} nodes, {reader.Sessions.Count} sessions");
            foreach (var session in reader.Sessions)
                output.WriteLine($"session {DataFormatter.Hex(session.SessionId)} timeout={session.TimeoutMs}ms");
            foreach (var node in reader.ReadNodes())
            {
                var stat = node.Stat;
                output.WriteLine(node.Path);
                output.WriteLine($"  czxid={DataFormatter.Hex(stat.Czxid)} mzxid={DataFormatter.Hex(stat.Mzxid)} pzxid={DataFormatter.Hex(stat.Pzxid)} " +
                    $"ctime={DataFormatter.Time(stat.Ctime)} mtime={DataFormatter.Time(stat.Mtime)}");
                output.WriteLine($"  version={stat.Version} cversion={stat.Cversion} aversion={stat.Aversion} ephemeralOwner={DataFormatter.Hex(stat.EphemeralOwner)} " +
                    $"dataLength={node.Data?.Length ?? 0} acl={DataFormatter.Acl(node.Acl)}");
                if (withData) output.WriteLine($"  data={DataFormatter.Data(node.Data)}");
            }
            output.WriteLine("checksum ok");
            return StorageToolCli.Sound;
        }
        catch (StorageCorruptedException e)
        {
            output.WriteLine($"DAMAGED: {e.Message}");
            return StorageToolCli.Damaged;
        }
    }
}
