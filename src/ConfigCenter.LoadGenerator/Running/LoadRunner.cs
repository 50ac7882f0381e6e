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
        return RunSummary.Create(workload.Name, settings, [.. connections.Select(c => c.Statistics)], startedAt, Stopwatch.GetElapsedTime(window.Start, end), allocated);
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
                connections[index] = await PipelinedConnection.OpenAsync(settings.AddressFor(index), connectionSettings, worker, token).ConfigureAwait(false);
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

    private static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
