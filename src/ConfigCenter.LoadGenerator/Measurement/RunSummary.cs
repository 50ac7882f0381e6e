using ConfigCenter.LoadGenerator.Running;

namespace ConfigCenter.LoadGenerator.Measurement;

/// <summary>Merges what the connections (or sessions, or rounds) of one run measured into its result.</summary>
internal static class RunSummary
{
    public static RunResult Create(
        string workload, RunSettings settings, IReadOnlyCollection<ConnectionStatistics> statistics, DateTimeOffset startedAt, TimeSpan measured, long allocatedBytes)
    {
        var latency = new LatencyHistogram();
        var errors = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long ops = 0;
        foreach (var part in statistics)
        {
            latency.Add(part.Latency);
            ops += part.Completed;
            foreach (var (code, count) in part.Errors)
                errors[code.ToString()] = errors.GetValueOrDefault(code.ToString()) + count;
        }

        var seconds = Math.Max(measured.TotalSeconds, 1e-9);
        return new RunResult
        {
            Workload = workload,
            Server = settings.Label,
            Connect = settings.ConnectString,
            Connections = settings.Connections,
            Outstanding = settings.Outstanding,
            TotalOutstanding = settings.EffectiveTotalOutstanding,
            DataSize = settings.DataSize,
            Ops = ops,
            Errors = errors.Values.Sum(),
            FailedConnections = statistics.Count(s => s.Failure is not null),
            Seconds = Math.Round(seconds, 3),
            Throughput = Math.Round(ops / seconds, 1),
            P50Ms = Math.Round(latency.PercentileMs(50), 3),
            P99Ms = Math.Round(latency.PercentileMs(99), 3),
            P999Ms = Math.Round(latency.PercentileMs(99.9), 3),
            MaxMs = Math.Round(latency.MaxMs, 3),
            MeanMs = Math.Round(latency.MeanMs, 3),
            ErrorsByCode = errors,
            ClientAllocatedBytesPerRequest = Math.Round((double)allocatedBytes / Math.Max(1, statistics.Sum(s => s.Replies)), 1),
            FirstFailure = statistics.Select(s => s.Failure).FirstOrDefault(f => f is not null),
            StartedAt = startedAt,
        };
    }
}
