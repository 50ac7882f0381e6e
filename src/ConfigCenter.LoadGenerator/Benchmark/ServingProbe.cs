using System.Diagnostics;
using System.Net.Sockets;
using ConfigCenter.LoadGenerator.Connection;
using ConfigCenter.Protocol;

namespace ConfigCenter.LoadGenerator.Benchmark;

/// <summary>
/// "Answers requests" means: a new session is established and getData of a known znode succeeds.
/// A port that accepts is not enough: both servers accept connections before their data is loaded.
/// Attempts overlap (a new one every few milliseconds) rather than queue, because a connection made
/// while Apache ZooKeeper 3.8.0 is still loading can stay open unanswered (its close fails with a
/// NullPointerException while zkDb is null); waiting for that one would time the probe, not the server.
/// </summary>
internal static class ServingProbe
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan AttemptInterval = TimeSpan.FromMilliseconds(10);
    private const int MaxAttemptsInFlight = 16;

    /// <summary>Probes until getData of <paramref name="path"/> answers Ok; returns how long that took.</summary>
    /// <exception cref="TimeoutException">Not serving within the timeout, or the process died.</exception>
    public static async Task<TimeSpan> WaitAsync(ServerProcess server, string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var attempts = new List<Task<(TimeSpan? AnsweredAt, string? Failure)>>();
        var last = "no attempt";
        try
        {
            while (clock.Elapsed < timeout)
            {
                if (server.HasExited) throw new TimeoutException($"{server.Kind.Label()} exited while starting:\n{server.LogTail()}");
                if (attempts.Count < MaxAttemptsInFlight) attempts.Add(AttemptAsync(server.Address, path, clock, done.Token));

                // Poll interval between attempts, not a synchronisation sleep.
                await Task.WhenAny([.. attempts, Task.Delay(AttemptInterval, cancellationToken)]).ConfigureAwait(false);
                foreach (var finished in attempts.Where(a => a.IsCompleted).ToList())
                {
                    attempts.Remove(finished);
                    var (answeredAt, failure) = await finished.ConfigureAwait(false);
                    if (answeredAt is { } elapsed) return elapsed;
                    last = failure ?? last;
                }
            }
        }
        finally
        {
            await done.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(attempts).ConfigureAwait(false);
        }

        throw new TimeoutException($"{server.Kind.Label()} did not answer getData {path} within {timeout.TotalSeconds:0} s (last: {last}):\n{server.LogTail()}");
    }

    /// <summary>When getData answered Ok (read off the probe's clock before the session is closed), else why not.</summary>
    private static async Task<(TimeSpan? AnsweredAt, string? Failure)> AttemptAsync(ServerAddress address, string path, Stopwatch clock, CancellationToken cancellationToken)
    {
        try
        {
            await using var client = await ZkRequestClient.ConnectAsync(address, 30_000, AttemptTimeout, cancellationToken).ConfigureAwait(false);
            var result = await client.GetDataAsync(path, cancellationToken).ConfigureAwait(false);
            return result == ErrorCode.Ok ? (clock.Elapsed, null) : (null, $"getData {path}: {result}");
        }
        catch (Exception e) when (e is SocketException or IOException or InvalidDataException or OperationCanceledException)
        {
            return (null, e.Message);
        }
    }
}
