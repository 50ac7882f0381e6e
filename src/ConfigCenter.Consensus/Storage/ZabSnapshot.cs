namespace ConfigCenter.Consensus.Storage;

/// <summary>
/// An image of the applied state at <paramref name="Zxid"/>, opaque to the consensus core. The shell
/// produces it from committed entries only, so it never contains uncommitted history.
/// </summary>
public sealed record ZabSnapshot(long Zxid, byte[] Data)
{
    public static ZabSnapshot Empty { get; } = new(ConfigCenter.Consensus.Zxid.None, []);
}
