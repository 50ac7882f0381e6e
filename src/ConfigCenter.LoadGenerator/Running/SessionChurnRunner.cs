using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using ConfigCenter.LoadGenerator.Connection;
using ConfigCenter.LoadGenerator.Measurement;
using ConfigCenter.LoadGenerator.Workloads;
using ConfigCenter.Protocol;

namespace ConfigCenter.LoadGenerator.Running;

/// <summary>
/// session-churn: each of --connections churners repeats one cycle: open a TCP connection, establish
/// a new session, create one ephemeral znode under the prefix, close the session (waiting for the
/// server's answer) and the connection. A cycle's latency runs from the connect to the closeSession
/// reply; the throughput is cycles, that is sessions, per second. Against an ensemble churner i connects
/// to member i mod n.
/// </summary>
internal static class SessionChurnRunner
{
    public static async Task<RunResult> RunAsync(RunSettings settings, WorkloadOptions options, string runTag, CancellationToken cancellationToken)
    {
        if (settings.Duration is null && settings.Requests is null)
            throw new ArgumentException("a run needs a duration, a request count, or both", nameof(settings));

        var startedAt = DateTimeOffset.UtcNow;
        var budget = new RequestBudget(settings.Requests ?? long.MaxValue);
        var window = new MeasurementWindow();
        var statistics = Enumerable.Range(0, settings.Connections).Select(_ => new ConnectionStatistics()).ToArray();
        var data = new byte[settings.DataSize];
        new Random(settings.Seed).NextBytes(data);
        var names = new NumberedPaths($"{options.Prefix}/e-{runTag}-");

        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var start = Stopwatch.GetTimestamp();
        var warmup = settings.Duration is null ? TimeSpan.Zero : settings.Warmup;
        window.Open(start + (long)(warmup.TotalSeconds * Stopwatch.Frequency));
        var churning = Task.WhenAll(statistics.Select((s, index) =>
            Task.Run(() => ChurnAsync(settings.AddressFor(index), settings, budget, window, names, data, s, cancellationToken), CancellationToken.None)));
        long end;
        if (settings.Duration is { } duration)
        {
            await Task.WhenAny(churning, Task.Delay(warmup + duration, cancellationToken)).ConfigureAwait(false);
            end = Stopwatch.GetTimestamp();
            window.Close(end);
            budget.Stop();
            await churning.ConfigureAwait(false);
            end = Math.Min(end, LastCycle(statistics, end));
        }
        else
        {
            await churning.ConfigureAwait(false);
            end = LastCycle(statistics, Stopwatch.GetTimestamp());
        }

        var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
        return RunSummary.Create("session-churn", settings with { Outstanding = 1, TotalOutstanding = settings.Connections }, statistics, startedAt,
            Stopwatch.GetElapsedTime(window.Start, end), allocated);
    }

    private static async Task ChurnAsync(
        ServerAddress address, RunSettings settings, RequestBudget budget, MeasurementWindow window, NumberedPaths names, byte[] data, ConnectionStatistics statistics, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested && budget.TryTake(out var ticket))
        {
            var started = Stopwatch.GetTimestamp();
            ErrorCode result;
            try
            {
                await using var client = await ZkRequestClient.ConnectAsync(address, settings.SessionTimeoutMs, settings.ConnectTimeout, cancellationToken).ConfigureAwait(false);
                result = await client.CreateAsync(names.PathOf(ticket), data, CreateMode.Ephemeral, cancellationToken).ConfigureAwait(false);
                var closed = await client.CloseSessionAsync(cancellationToken).ConfigureAwait(false);
                if (result == ErrorCode.Ok) result = closed;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is SocketException or IOException or InvalidDataException or OperationCanceledException)
            {
                // One failed cycle is one error; the churner goes on with a new connection.
                statistics.RecordConnectionLost(string.Create(CultureInfo.InvariantCulture, $"cycle {ticket}: {e.Message}"), 1);
                continue;
            }

            statistics.RecordReply(result, started, Stopwatch.GetTimestamp(), window);
        }
    }

    private static long LastCycle(ConnectionStatistics[] statistics, long fallback)
    {
        var last = statistics.Max(s => s.LastReplyTimestamp);
        return last > 0 ? last : fallback;
    }
}
