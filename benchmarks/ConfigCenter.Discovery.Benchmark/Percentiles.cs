namespace ConfigCenter.Discovery.Benchmark;

/// <summary>Nearest-rank percentiles of a sample, in milliseconds.</summary>
public static class Percentiles
{
    public static double Of(IReadOnlyList<TimeSpan> sample, double percentile)
    {
        if (sample.Count == 0) return double.NaN;
        var sorted = sample.Select(value => value.TotalMilliseconds).Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
