using System.Diagnostics;
using HdrHistogram;

namespace ConfigCenter.LoadGenerator.Measurement;

/// <summary>
/// Request latencies in microseconds, 3 significant digits, up to a minute; recording allocates
/// nothing. Not thread-safe: each connection has its own, merged at the end of a run.
/// </summary>
internal sealed class LatencyHistogram
{
    private const long HighestMicroseconds = 60_000_000;
    private static readonly double MicrosecondsPerTick = 1_000_000.0 / Stopwatch.Frequency;

    private readonly LongHistogram _histogram = new(HighestMicroseconds, numberOfSignificantValueDigits: 3);

    public long Count => _histogram.TotalCount;

    public void Record(long sentTimestamp, long receivedTimestamp)
    {
        var microseconds = (long)((receivedTimestamp - sentTimestamp) * MicrosecondsPerTick);
        _histogram.RecordValue(Math.Clamp(microseconds, 0, HighestMicroseconds));
    }

    public void Add(LatencyHistogram other) => _histogram.Add(other._histogram);

    public double PercentileMs(double percentile) =>
        Count == 0 ? 0 : _histogram.GetValueAtPercentile(percentile) / 1000.0;

    public double MaxMs => Count == 0 ? 0 : _histogram.GetMaxValue() / 1000.0;

    public double MeanMs => Count == 0 ? 0 : _histogram.GetMean() / 1000.0;
}
