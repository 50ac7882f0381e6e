using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Client.Recipes.Caches;

/// <summary>A cached node: its path, status and data, as last read.</summary>
/// <param name="Path">The node's path.</param>
/// <param name="Stat">The node's status when read.</param>
/// <param name="Data">The node's data when read.</param>
public sealed record ChildData(string Path, Stat Stat, byte[] Data)
{
    /// <summary>True when <paramref name="other"/> is a different state of the node: another version, or a node created anew.</summary>
    internal bool DiffersFrom(ChildData? other) =>
        other is null || other.Stat.Mzxid != Stat.Mzxid || other.Stat.Czxid != Stat.Czxid;
}
