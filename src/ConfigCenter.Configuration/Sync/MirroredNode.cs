using ConfigCenter.Configuration.Mapping;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Configuration.Sync;

/// <summary>What the provider knows of one znode: its status when last read and its last good value.</summary>
/// <param name="Stat">The status from the last successful read (default when the node could never be read).</param>
/// <param name="Value">The last value that parsed; kept when newer data is bad or unreadable.</param>
internal sealed record MirroredNode(Stat Stat, NodeValue Value)
{
    /// <summary>True when <paramref name="stat"/> describes the same incarnation and data version as this node.</summary>
    public bool IsSameVersionAs(Stat stat) => Stat.Czxid == stat.Czxid && Stat.Mzxid == stat.Mzxid;
}
