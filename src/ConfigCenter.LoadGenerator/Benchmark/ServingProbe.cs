using System.Diagnostics;
using System.Net.Sockets;
using ConfigCenter.LoadGenerator.Connection;
using ConfigCenter.Protocol;

namespace ConfigCenter.LoadGenerator.Benchmark;

/// <summary>
/// "Answers requests" means: a new session is established and getData of a known znode succeeds.
/// A port that accepts is not enough: both servers accept connections before their data is loaded.
/// </summary>
internal static class ServingProbe
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>Retries until getData of <paramref name="path"/> answers Ok; returns how long that took.</summary>
    /// <exception cref="TimeoutException">Not serving within the timeout, or the process died.</exception>
    public static async Task<TimeSpan> WaitAsync(ServerProcess server, string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var last = "no attempt";
        while (clock.Elapsed < timeout)
        {
            if (server.HasExited) throw new TimeoutException($"{server.Kind.Label()} exited while starting:\n{server.LogTail()}");
            try
            {
                await using var client = await ZkRequestClient.ConnectAsync(server.Address, 30_000, AttemptTimeout, cancellationToken).ConfigureAwait(false);
                var result = await client.GetDataAsync(path, cancellationToken).ConfigureAwait(false);
                if (result == ErrorCode.Ok) return clock.Elapsed;
                last = $"getData {path}: {result}";
            }
            catch (Exception e) when ((e is SocketException or IOException or InvalidDataException or OperationCanceledException) && !cancellationToken.IsCancellationRequested)
            {
                last = e.Message;
            }

            // Poll interval between attempts, not a synchronisation sleep.
            await Task.Delay(RetryInterval, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"{server.Kind.Label()} did not answer getData {path} within {timeout.TotalSeconds:0} s (last: {last}):\n{server.LogTail()}");
    }
}
