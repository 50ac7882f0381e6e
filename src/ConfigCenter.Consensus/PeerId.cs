using System.Globalization;

namespace ConfigCenter.Consensus;

/// <summary>A server's id in the ensemble (ZooKeeper's myid).</summary>
public readonly record struct PeerId(long Value) : IComparable<PeerId>
{
    public int CompareTo(PeerId other) => Value.CompareTo(other.Value);

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
