namespace ConfigCenter.Storage.Log;

/// <summary>
/// Which zxid may follow which in the log. A zxid is a leader's epoch (high 32 bits) and its
/// counter (low 32 bits): within an epoch the counter goes up by one, and a new leader starts its
/// epoch at counter 1, so the log may also go on at counter 1 of any later epoch (epochs can be
/// skipped when elections fail). A standalone server stays in epoch 0: there it is simply "the next number".
/// </summary>
internal static class ZxidSequence
{
    private const long CounterMask = 0xFFFF_FFFFL;

    /// <summary>True when <paramref name="next"/> may come straight after <paramref name="previous"/>.</summary>
    public static bool Follows(long previous, long next) => next == previous + 1 || StartsLaterEpoch(previous, next, 1);

    /// <summary>
    /// True when <paramref name="next"/> could come at most <paramref name="steps"/> records after
    /// <paramref name="previous"/>: used to tell a valid record past a damaged one from junk.
    /// </summary>
    public static bool FollowsWithin(long previous, long next, long steps) =>
        next > previous && (next - previous <= steps || StartsLaterEpoch(previous, next, steps));

    /// <summary>The zxid the log would continue at in the same epoch, for messages.</summary>
    public static string Expected(long previous) => $"0x{previous + 1:x} (or counter 1 of a later epoch)";

    private static bool StartsLaterEpoch(long previous, long next, long maxCounter)
    {
        var counter = next & CounterMask;
        return next >>> 32 > previous >>> 32 && counter >= 1 && counter <= maxCounter;
    }
}
