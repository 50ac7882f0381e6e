using System.Diagnostics;
using System.Globalization;
using ConfigCenter.LoadGenerator.Measurement;

namespace ConfigCenter.LoadGenerator.Benchmark;

/// <summary>
/// leader-failover: per round a fresh ensemble, one writer per member (writer i starts on member i) writing
/// continuously, then kill -9 of the leader. Two figures per round: the time from the kill until a surviving
/// member answers srvr with "Mode: leader" (probed every 5 ms), and the write-unavailability window the clients
/// see, from the last write acknowledged before the kill to the first acknowledged write sent after it.
/// </summary>
internal sealed class LeaderFailoverBenchmark(CompareSettings settings, BenchSteps steps, TextWriter output)
{
    public const string Workload = "leader-failover";

    private static readonly TimeSpan NewLeaderProbeInterval = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(60);

    /// <summary>All rounds on ensembles of the kind, summed up in one result line (which is also printed).</summary>
    public async Task<RunResult> RunAsync(BenchServerKind kind, string prefix, CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var path = prefix + "/failover";
        var rounds = new List<FailoverRound>();
        var failures = new List<string>();
        long acks = 0;
        var connect = "";
        for (var number = 1; number <= settings.FailoverRounds; number++)
        {
            try
            {
                var (round, roundAcks, roundConnect) = await RunRoundAsync(kind, number, path, cancellationToken).ConfigureAwait(false);
                rounds.Add(round);
                acks += roundAcks;
                connect = roundConnect;
                steps.Progress(kind, string.Create(CultureInfo.InvariantCulture,
                    $"failover round {number}: writes unavailable {round.UnavailableMs:0.0} ms, new leader after {round.NewLeaderMs:0.0} ms, {round.FailedWrites} writes failed"));
            }
            catch (TimeoutException e)
            {
                failures.Add($"round {number}: {e.Message}");
                steps.Progress(kind, $"failover round {number} failed: {e.Message}");
            }
        }

        var result = Summarize(kind, rounds, failures, acks, connect, path, startedAt, clock.Elapsed);
        ResultTable.Write(result, output);
        output.WriteLine(ResultJson.ToLine(result));
        return result;
    }

    private async Task<(FailoverRound Round, long Acks, string Connect)> RunRoundAsync(BenchServerKind kind, int number, string path, CancellationToken cancellationToken)
    {
        var cluster = steps.CreateCluster(kind, $"{Workload}-{number}", ClusterShape.Ensemble3);
        try
        {
            var leader = await steps.StartFreshAsync(cluster, cancellationToken).ConfigureAwait(false);
            await steps.WaitUntilQuietAsync(kind, cancellationToken).ConfigureAwait(false);
            await BenchSteps.EnsurePrefixAsync(leader.Address, path, cancellationToken).ConfigureAwait(false);
            var data = new byte[settings.DataSize];
            var writers = cluster.Addresses.Select((_, member) => new FailoverWriter(cluster.Addresses, member, path, data, sessionTimeoutMs: 30_000)).ToList();

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var writing = writers.Select(w => Task.Run(() => w.RunAsync(stop.Token), CancellationToken.None)).ToList();
            long killedAt, newLeaderAt;
            try
            {
                await Task.WhenAll(writers.Select(w => w.FirstAck)).WaitAsync(RecoveryTimeout, cancellationToken).ConfigureAwait(false);
                // Writes run for the warm-up before the kill, so the clients and servers are in their steady state.
                await Task.Delay(TimeSpan.FromSeconds(settings.WarmupSeconds), cancellationToken).ConfigureAwait(false);
                killedAt = Stopwatch.GetTimestamp();
                foreach (var writer in writers) writer.MarkKill(killedAt);
                var killing = leader.KillAsync();
                newLeaderAt = await WaitForNewLeaderAsync(cluster.Members.Where(m => m != leader).ToList(), cancellationToken).ConfigureAwait(false);
                await killing.ConfigureAwait(false);
                await Task.WhenAll(writers.Select(w => w.AckedAfterKill)).WaitAsync(RecoveryTimeout, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await stop.CancelAsync().ConfigureAwait(false);
                await Task.WhenAll(writing).ConfigureAwait(false);
            }

            var acks = writers.SelectMany(w => w.Acks).ToList();
            var round = new FailoverRound(
                Math.Round(WriteUnavailability.Window(acks, killedAt).TotalMilliseconds, 1),
                Math.Round(Stopwatch.GetElapsedTime(killedAt, newLeaderAt).TotalMilliseconds, 1),
                writers.Sum(w => w.FailedWrites));
            return (round, acks.Count, cluster.ConnectString);
        }
        finally
        {
            await steps.DiscardAsync(cluster).ConfigureAwait(false);
        }
    }

    /// <summary>The timestamp at which a survivor first answered srvr with "Mode: leader".</summary>
    private static async Task<long> WaitForNewLeaderAsync(IReadOnlyList<ServerProcess> survivors, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < RecoveryTimeout)
        {
            foreach (var member in survivors)
            {
                if (await FourLetterWord.TryModeAsync(member.Address, cancellationToken).ConfigureAwait(false) == "leader") return Stopwatch.GetTimestamp();
            }

            // The probe interval the figure is measured with, not a synchronisation sleep.
            await Task.Delay(NewLeaderProbeInterval, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"no surviving member led within {RecoveryTimeout.TotalSeconds:0} s of the kill:\n"
            + string.Join('\n', survivors.Select(m => $"--- member {m.MemberId} ---\n{m.LogTail(20)}")));
    }

    private RunResult Summarize(
        BenchServerKind kind, List<FailoverRound> rounds, List<string> failures, long acks, string connect, string path, DateTimeOffset startedAt, TimeSpan elapsed)
    {
        var any = rounds.Count > 0;
        return RunResult.WithoutLoad(Workload, kind.Label(), connect, settings.DataSize, startedAt) with
        {
            Connections = EnsembleLayout.Size,
            Outstanding = 1,
            TotalOutstanding = EnsembleLayout.Size,
            Ops = acks,
            Errors = failures.Count,
            Seconds = Math.Round(elapsed.TotalSeconds, 3),
            ErrorsByCode = failures.Count == 0 ? new Dictionary<string, long>() : new Dictionary<string, long> { ["RoundFailed"] = failures.Count },
            FirstFailure = failures.FirstOrDefault(),
            Rounds = rounds.Count,
            FailoverRounds = rounds,
            UnavailableMedianMs = any ? Math.Round(Median.Of(rounds.Select(r => r.UnavailableMs)), 1) : null,
            UnavailableMaxMs = any ? rounds.Max(r => r.UnavailableMs) : null,
            NewLeaderMedianMs = any ? Math.Round(Median.Of(rounds.Select(r => r.NewLeaderMs)), 1) : null,
            NewLeaderMaxMs = any ? rounds.Max(r => r.NewLeaderMs) : null,
            Command = string.Create(CultureInfo.InvariantCulture,
                $"{settings.FailoverRounds} rounds, each: fresh ensemble; {EnsembleLayout.Size} writers, writer i on member i, setData {path} one at a time (on failure: a new session on the next member); after the first acks and {settings.WarmupSeconds} s, kill -9 the leader; srvr on the survivors every {NewLeaderProbeInterval.TotalMilliseconds:0} ms"),
        };
    }
}
