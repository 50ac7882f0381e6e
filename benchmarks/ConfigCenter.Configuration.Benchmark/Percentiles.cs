namespace ConfigCenter.Configuration.Benchmark;

/// <summary>Nearest-rank percentiles of a set of latencies, in milliseconds.</summary>
public static class Percentiles
{
    public static double Of(IReadOnlyList<double> sortedMilliseconds, double percentile)
    {
        if (sortedMilliseconds.Count == 0) return double.NaN;
        var rank = (int)Math.Ceiling(percentile / 100 * sortedMilliseconds.Count);
        return sortedMilliseconds[Math.Clamp(rank - 1, 0, sortedMilliseconds.Count - 1)];
    }
}
