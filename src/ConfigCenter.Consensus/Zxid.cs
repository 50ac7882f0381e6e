using System.Globalization;

namespace ConfigCenter.Consensus;

/// <summary>
/// A ZooKeeper transaction id: the epoch of the leader that proposed it in the high 32 bits and
/// that leader's counter in the low 32 bits, so zxids order first by epoch, then by proposal order.
/// </summary>
public static class Zxid
{
    /// <summary>The zxid "before everything": an empty log ends here.</summary>
    public const long None = 0;

    /// <summary>The largest counter a leader may use; one more and it must give way to a new epoch.</summary>
    public const long MaxCounter = 0xffff_ffffL;

    public static long Make(long epoch, long counter)
    {
        if (epoch < 0 || epoch > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(epoch));
        if (counter < 0 || counter > MaxCounter) throw new ArgumentOutOfRangeException(nameof(counter));
        return (epoch << 32) | counter;
    }

    public static long EpochOf(long zxid) => zxid >>> 32;

    public static long CounterOf(long zxid) => zxid & MaxCounter;

    /// <summary>"epoch:counter", the form the traces and messages use.</summary>
    public static string Format(long zxid) =>
        string.Create(CultureInfo.InvariantCulture, $"{EpochOf(zxid)}:{CounterOf(zxid)}");
}
