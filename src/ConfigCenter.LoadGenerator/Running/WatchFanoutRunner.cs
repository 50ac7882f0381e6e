using System.Diagnostics;
using ConfigCenter.LoadGenerator.Connection;
using ConfigCenter.LoadGenerator.Measurement;
using ConfigCenter.LoadGenerator.Workloads;
using ConfigCenter.Protocol;

namespace ConfigCenter.LoadGenerator.Running;

/// <summary>
/// watch-fanout: W sessions each hold a data watch on one node ("{prefix}/watched"). A writer session
/// sets the node's data once per round; when all W have been notified, each sets its watch again, and
/// the next round starts once every watch is back. A round's latency runs from just before the setData is sent until the last
/// of the W notifications has been received. The result's latencies are over rounds; its ops are
/// notifications, its seconds the time spent fanning out (the sum of the round latencies), so its
/// throughput is notifications per second while a change is being fanned out. Against an ensemble the
/// writer uses the first member and watcher i the i mod n-th, so every member fans out its share.
/// </summary>
internal static class WatchFanoutRunner
{
    private const int ConnectsInParallel = 16;
    private static readonly TimeSpan RoundTimeout = TimeSpan.FromSeconds(30);

    public static async Task<RunResult> RunAsync(RunSettings settings, WorkloadOptions options, CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var path = options.Prefix + "/watched";
        var data = new byte[settings.DataSize];
        new Random(settings.Seed).NextBytes(data);

        await using var writer = await ZkRequestClient.ConnectAsync(settings.Address, settings.SessionTimeoutMs, settings.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        await writer.EnsurePathAsync(options.Prefix, cancellationToken).ConfigureAwait(false);
        var created = await writer.CreateAsync(path, data, cancellationToken).ConfigureAwait(false);
        if (created is not (ErrorCode.Ok or ErrorCode.NodeExists)) throw new InvalidOperationException($"creating {path} failed: {created}");

        var round = new FanoutRound(options.Watchers);
        var watchers = await OpenWatchersAsync(settings, path, round, options.Watchers, cancellationToken).ConfigureAwait(false);
        var rounds = new ConnectionStatistics();
        var everything = new MeasurementWindow();
        var fanningOut = 0L;
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        try
        {
            for (var index = 0; index < options.WarmupRounds + options.Rounds; index++)
            {
                await round.AllArmed.WaitAsync(RoundTimeout, cancellationToken).ConfigureAwait(false);
                round.Begin();
                var sent = Stopwatch.GetTimestamp();
                var result = await writer.SetDataAsync(path, data, cancellationToken).ConfigureAwait(false);
                if (result != ErrorCode.Ok)
                {
                    rounds.RecordReply(result, sent, Stopwatch.GetTimestamp(), everything);
                    break;
                }

                var lastNotified = await round.AllNotified.WaitAsync(RoundTimeout, cancellationToken).ConfigureAwait(false);
                await Task.WhenAll(watchers.Select(w => w.ArmAsync())).ConfigureAwait(false);
                if (index < options.WarmupRounds) continue;
                rounds.RecordReply(ErrorCode.Ok, sent, lastNotified, everything);
                fanningOut += lastNotified - sent;
            }

            // Every getData answered before the sessions close.
            await round.AllArmed.WaitAsync(RoundTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            rounds.RecordConnectionLost(
                $"a round did not complete within {RoundTimeout.TotalSeconds:0} s: {round.ArmedCount} watchers re-armed, {round.NotifiedCount} of {round.Watchers} notified", 1);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            // A watcher's session broke; it recorded why.
        }
        finally
        {
            await Task.WhenAll(watchers.Select(w => w.CloseAsync())).ConfigureAwait(false);
        }

        var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
        var fanoutSettings = settings with { Connections = options.Watchers, Outstanding = 1, TotalOutstanding = options.Watchers };
        var summary = RunSummary.Create("watch-fanout", fanoutSettings, [rounds, .. watchers.Select(w => w.Statistics)], startedAt,
            Stopwatch.GetElapsedTime(0, fanningOut), allocated);
        var notifications = summary.Ops * options.Watchers;
        return summary with
        {
            Ops = notifications,
            Throughput = Math.Round(notifications / summary.Seconds, 1),
            Watchers = options.Watchers,
            Rounds = (int)rounds.Completed,
            ClientAllocatedBytesPerRequest = Math.Round((double)allocated / Math.Max(1, notifications), 1),
        };
    }

    private static async Task<WatcherSession[]> OpenWatchersAsync(RunSettings settings, string path, FanoutRound round, int count, CancellationToken cancellationToken)
    {
        var watchers = new WatcherSession[count];
        try
        {
            await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = ConnectsInParallel, CancellationToken = cancellationToken },
                async (index, token) => watchers[index] = await WatcherSession.OpenAsync(settings.AddressFor(index), path, round, settings.SessionTimeoutMs, settings.ConnectTimeout, token).ConfigureAwait(false))
                .ConfigureAwait(false);
        }
        catch
        {
            foreach (var opened in watchers) opened?.Abort();
            throw;
        }

        return watchers;
    }
}
