using System.Diagnostics;
using System.Net.Sockets;
using ConfigCenter.LoadGenerator.Connection;
using ConfigCenter.Protocol;

namespace ConfigCenter.LoadGenerator.Benchmark;

/// <summary>
/// One client of the leader-failover phase: setData on one znode, one request at a time, as fast as the
/// ensemble acknowledges. When its connection breaks or a request goes unanswered, it connects with a new
/// session to the next member in turn (a ZooKeeper client's connect string does the same), after a short pause so
/// that refused connects do not take the CPU an election needs.
/// </summary>
internal sealed class FailoverWriter(IReadOnlyList<ServerAddress> members, int firstMember, string path, byte[] data, int sessionTimeoutMs)
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(5);

    private readonly List<(long Sent, long Acked)> _acks = [];
    private readonly TaskCompletionSource _firstAck = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ackedAfterKill = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _killedAt = long.MaxValue;

    /// <summary>Completes at the first acknowledged write.</summary>
    public Task FirstAck => _firstAck.Task;

    /// <summary>Completes when a write sent after <see cref="MarkKill"/> is acknowledged.</summary>
    public Task AckedAfterKill => _ackedAfterKill.Task;

    /// <summary>Writes that failed: lost with a connection, unanswered, or answered with an error (refused connects do not count).</summary>
    public int FailedWrites { get; private set; }

    /// <summary>(sent, acknowledged) Stopwatch timestamps of every acknowledged write; read once <see cref="RunAsync"/> has returned.</summary>
    public IReadOnlyList<(long Sent, long Acked)> Acks => _acks;

    public void MarkKill(long timestamp) => Volatile.Write(ref _killedAt, timestamp);

    /// <summary>Writes until <paramref name="stop"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var member = firstMember;
        while (!stop.IsCancellationRequested)
        {
            ZkRequestClient? client = null;
            try
            {
                client = await ZkRequestClient.ConnectAsync(members[member % members.Count], sessionTimeoutMs, ConnectTimeout, stop).ConfigureAwait(false);
                await WriteUntilFailureAsync(client, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is SocketException or IOException or InvalidDataException or OperationCanceledException)
            {
                // A write was in flight only once a session was established.
                if (client is not null) FailedWrites++;
            }
            finally
            {
                client?.Abort();
            }

            member++;
            try
            {
                await Task.Delay(RetryInterval, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task WriteUntilFailureAsync(ZkRequestClient client, CancellationToken stop)
    {
        while (true)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
            deadline.CancelAfter(RequestTimeout);
            var sent = Stopwatch.GetTimestamp();
            var result = await client.SetDataAsync(path, data, deadline.Token).ConfigureAwait(false);
            if (result != ErrorCode.Ok)
            {
                // A member without a leader may answer instead of closing; a new session elsewhere is the way on.
                FailedWrites++;
                return;
            }

            _acks.Add((sent, Stopwatch.GetTimestamp()));
            _firstAck.TrySetResult();
            if (sent > Volatile.Read(ref _killedAt)) _ackedAfterKill.TrySetResult();
        }
    }
}
