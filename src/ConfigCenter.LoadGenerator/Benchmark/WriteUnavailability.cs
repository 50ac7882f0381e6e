using System.Diagnostics;

namespace ConfigCenter.LoadGenerator.Benchmark;

/// <summary>The window in which no client got a write acknowledged, around a kill, from the writers' (sent, acknowledged) timestamps.</summary>
internal static class WriteUnavailability
{
    /// <summary>
    /// From the last acknowledgement before <paramref name="killedAt"/> to the first acknowledgement of a write sent
    /// after it. A write sent before the kill and acknowledged after it counts for neither side: it may have been
    /// committed by the old leader just before it died.
    /// </summary>
    /// <exception cref="InvalidOperationException">No write was acknowledged before the kill, or none sent after it.</exception>
    public static TimeSpan Window(IEnumerable<(long Sent, long Acked)> acks, long killedAt)
    {
        var all = acks.ToList();
        var before = all.Where(a => a.Acked < killedAt).Select(a => (long?)a.Acked).Max()
            ?? throw new InvalidOperationException("no write was acknowledged before the kill");
        var after = all.Where(a => a.Sent > killedAt).Select(a => (long?)a.Acked).Min()
            ?? throw new InvalidOperationException("no write sent after the kill was acknowledged");
        return Stopwatch.GetElapsedTime(before, after);
    }
}
