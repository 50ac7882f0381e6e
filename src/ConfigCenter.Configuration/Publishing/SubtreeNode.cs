using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Configuration.Publishing;

/// <summary>A znode as read by <see cref="SubtreeReader"/>.</summary>
internal sealed record SubtreeNode(string Path, byte[] Data, Stat Stat, IReadOnlyList<string> Children)
{
    public bool SameVersionAs(SubtreeNode other) =>
        Stat.Czxid == other.Stat.Czxid && Stat.Mzxid == other.Stat.Mzxid && Children.SequenceEqual(other.Children);
}
