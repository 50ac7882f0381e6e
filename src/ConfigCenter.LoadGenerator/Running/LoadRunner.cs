using System.Diagnostics;
using ConfigCenter.LoadGenerator.Connection;
using ConfigCenter.LoadGenerator.Measurement;
using ConfigCenter.LoadGenerator.Workloads;

namespace ConfigCenter.LoadGenerator.Running;

/// <summary>Opens the connections, runs one workload over all of them and merges what they measured.</summary>
internal static class LoadRunner
{
    private const int ConnectsInParallel = 16;

    public static async Task<RunResult> RunAsync(RunSettings settings, IWorkload workload, CancellationToken cancellationToken)
    {
        if (settings.Duration is null && settings.Requests is null)
            throw new ArgumentException("a run needs a duration, a request count, or both", nameof(settings));

        var startedAt = DateTimeOffset.UtcNow;
        var connections = await OpenConnectionsAsync(settings, cancellationToken).ConfigureAwait(false);
        using var limiter = new OutstandingLimiter(settings.EffectiveTotalOutstanding, settings.Connections, settings.Outstanding);
        var budget = new RequestBudget(settings.Requests ?? long.MaxValue);
        var window = new MeasurementWindow();

        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var start = Stopwatch.GetTimestamp();
        var warmup = settings.Duration is null ? TimeSpan.Zero : settings.Warmup;
        window.Open(start + ToTicks(warmup));
        var running = Task.WhenAll(connections.Select(c => c.RunAsync(workload, budget, limiter, window, cancellationToken)));

        long end;
        if (settings.Duration is { } duration)
        {
            try
            {
                await Task.WhenAny(running, Task.Delay(warmup + duration, cancellationToken)).ConfigureAwait(false);
            }
            finally
            {
                end = Stopwatch.GetTimestamp();
                window.Close(end);
                budget.Stop();
                foreach (var connection in connections) connection.Wake();
            }

            await running.ConfigureAwait(false);
            // A request count reached before the time was up ends the measurement at the last reply.
            end = Math.Min(end, LastReply(connections, end));
        }
        else
        {
            using var stopOnCancel = cancellationToken.Register(() =>
            {
                budget.Stop();
                foreach (var connection in connections) connection.Wake();
            });
            await running.ConfigureAwait(false);
            end = LastReply(connections, Stopwatch.GetTimestamp());
        }

        var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
        return Summarize(settings, workload, connections, startedAt, Stopwatch.GetElapsedTime(window.Start, end), allocated);
    }

    private static async Task<PipelinedConnection[]> OpenConnectionsAsync(RunSettings settings, CancellationToken cancellationToken)
    {
        var connectionSettings = new ConnectionSettings(settings.Outstanding, settings.SessionTimeoutMs, settings.ConnectTimeout, settings.DrainTimeout);
        var connections = new PipelinedConnection[settings.Connections];
        try
        {
            await Parallel.ForAsync(0, settings.Connections, new ParallelOptions { MaxDegreeOfParallelism = ConnectsInParallel, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                var worker = new WorkerState(index, settings.DataSize, HashCode.Combine(settings.Seed, index));
                connections[index] = await PipelinedConnection.OpenAsync(settings.Address, connectionSettings, worker, token).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }
        catch
        {
            foreach (var opened in connections) opened?.Abort();
            throw;
        }

        return connections;
    }

    private static long LastReply(PipelinedConnection[] connections, long fallback)
    {
        var last = connections.Max(c => c.Statistics.LastReplyTimestamp);
        return last > 0 ? last : fallback;
    }

    private static RunResult Summarize(
        RunSettings settings, IWorkload workload, PipelinedConnection[] connections, DateTimeOffset startedAt, TimeSpan measured, long allocatedBytes)
    {
        var latency = new LatencyHistogram();
        var errors = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long ops = 0;
        foreach (var statistics in connections.Select(c => c.Statistics))
        {
            latency.Add(statistics.Latency);
            ops += statistics.Completed;
            foreach (var (code, count) in statistics.Errors)
                errors[code.ToString()] = errors.GetValueOrDefault(code.ToString()) + count;
        }

        var seconds = Math.Max(measured.TotalSeconds, 1e-9);
        return new RunResult
        {
            Workload = workload.Name,
            Server = settings.Label,
            Connect = settings.Address.ToString(),
            Connections = settings.Connections,
            Outstanding = settings.Outstanding,
            TotalOutstanding = settings.EffectiveTotalOutstanding,
            DataSize = settings.DataSize,
            Ops = ops,
            Errors = errors.Values.Sum(),
            FailedConnections = connections.Count(c => c.Statistics.Failure is not null),
            Seconds = Math.Round(seconds, 3),
            Throughput = Math.Round(ops / seconds, 1),
            P50Ms = Math.Round(latency.PercentileMs(50), 3),
            P99Ms = Math.Round(latency.PercentileMs(99), 3),
            P999Ms = Math.Round(latency.PercentileMs(99.9), 3),
            MaxMs = Math.Round(latency.MaxMs, 3),
            MeanMs = Math.Round(latency.MeanMs, 3),
            ErrorsByCode = errors,
            ClientAllocatedBytesPerRequest = Math.Round((double)allocatedBytes / Math.Max(1, connections.Sum(c => c.Statistics.Replies)), 1),
            FirstFailure = connections.Select(c => c.Statistics.Failure).FirstOrDefault(f => f is not null),
            StartedAt = startedAt,
        };
    }

    private static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
