using System.Globalization;

namespace ConfigCenter.LoadGenerator.Benchmark;

/// <summary>The machine's CPU counters from /proc/stat, in USER_HZ ticks, all cores together.</summary>
internal static class MachineCpu
{
    /// <summary>USER_HZ: 100 on every Linux this runs on.</summary>
    public const double TicksPerSecond = 100;

    /// <summary>Busy (user + nice + system + irq + softirq + steal) and total (busy + idle + iowait) ticks.</summary>
    public static (long Busy, long Total) Ticks()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long Field(int index) => fields.Length > index ? long.Parse(fields[index], CultureInfo.InvariantCulture) : 0;
        var busy = Field(1) + Field(2) + Field(3) + Field(6) + Field(7) + Field(8);
        return (busy, busy + Field(4) + Field(5));
    }

    /// <summary>
    /// On a shared machine, waits until no more than <paramref name="busyShare"/> of all cores has been busy
    /// for three seconds in a row, or until <paramref name="maxWait"/> has passed; returns how long it waited.
    /// </summary>
    public static async Task<TimeSpan> WaitUntilQuietAsync(double busyShare, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        var quietSeconds = 0;
        var previous = Ticks();
        while (quietSeconds < 3 && DateTime.UtcNow - started < maxWait)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            var now = Ticks();
            var total = now.Total - previous.Total;
            var share = total <= 0 ? 0 : (double)(now.Busy - previous.Busy) / total;
            quietSeconds = share <= busyShare ? quietSeconds + 1 : 0;
            previous = now;
        }

        return DateTime.UtcNow - started;
    }
}
