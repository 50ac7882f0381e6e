using ConfigCenter.Testing.Raw;

namespace ConfigCenter.Conformance.Tests.Support;

/// <summary>
/// Apache ZooKeeper answers ruok (the harness's readiness probe) a few milliseconds before it accepts
/// sessions: a ConnectRequest in that gap is closed with "ZooKeeperServer not running". Tests that
/// count on their first handshake wait here until one succeeds.
/// </summary>
public static class SessionReadiness
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(25);

    public static async Task WaitUntilServingAsync(int port, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(Deadline);
        while (true)
        {
            try
            {
                await using var probe = await RawZkConnection.ConnectAsync(port, ct: deadline.Token);
                await probe.CloseSessionAsync(deadline.Token);
                return;
            }
            catch (RawConnectionClosedException) when (!deadline.IsCancellationRequested)
            {
                // Not serving yet: this is a retry interval between probes, not a synchronization guess.
                await Task.Delay(RetryInterval, deadline.Token);
            }
        }
    }
}
