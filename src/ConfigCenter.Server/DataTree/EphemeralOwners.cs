namespace ConfigCenter.Server.DataTree;

/// <summary>
/// ZooKeeper encodes a node's kind in its ephemeralOwner: 0 persistent, a session id for an
/// ephemeral, Long.MIN_VALUE for a container, and 0xFF in the high byte plus the TTL in ms for a TTL node.
/// </summary>
internal static class EphemeralOwners
{
    public const long Container = long.MinValue;
    private const long ExtendedMask = unchecked((long)0xFF00_0000_0000_0000);
    private const long ReservedBitsMask = 0x00FF_FF00_0000_0000;
    public const long TtlMax = 0x0000_00FF_FFFF_FFFF;

    public static long ForTtl(long ttlMs) => ExtendedMask | ttlMs;

    public static bool IsTtl(long owner) => (owner & ExtendedMask) == ExtendedMask && (owner & ReservedBitsMask) == 0 && owner != -1;

    public static long TtlOf(long owner) => owner & TtlMax;

    /// <summary>A plain ephemeral owned by a session: not persistent, container or TTL.</summary>
    public static bool IsSessionOwned(long owner) => owner != 0 && owner != Container && !IsTtl(owner);

    public static bool IsValidTtl(long ttlMs) => ttlMs > 0 && ttlMs <= TtlMax;
}
