using System.Globalization;
using System.Text;
using ConfigCenter.LoadGenerator.Connection;

namespace ConfigCenter.LoadGenerator.Benchmark;

/// <summary>The four-letter-word admin protocol: four ASCII bytes out, text back until the server closes.</summary>
internal static class FourLetterWord
{
    public static async Task<string> SendAsync(ServerAddress address, string word, CancellationToken cancellationToken)
    {
        using var socket = await ZkSocket.ConnectAsync(address, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        await ZkSocket.SendAllAsync(socket, Encoding.ASCII.GetBytes(word), cancellationToken).ConfigureAwait(false);
        await using var stream = new System.Net.Sockets.NetworkStream(socket, ownsSocket: false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        return await reader.ReadToEndAsync(deadline.Token).ConfigureAwait(false);
    }

    /// <summary>zk_znode_count from mntr: every znode, /zookeeper's included, on both servers.</summary>
    public static async Task<long> ZnodeCountAsync(ServerAddress address, CancellationToken cancellationToken)
    {
        var mntr = await SendAsync(address, "mntr", cancellationToken).ConfigureAwait(false);
        foreach (var line in mntr.Split('\n'))
        {
            var fields = line.Split('\t');
            if (fields is ["zk_znode_count", var value, ..])
                return long.Parse(value.Trim(), CultureInfo.InvariantCulture);
        }

        throw new InvalidDataException($"mntr did not report zk_znode_count:\n{mntr}");
    }

    /// <summary>
    /// The "Mode:" of srvr ("leader", "follower", "standalone"), or null while the server does not answer or does
    /// not serve (a member without a quorum answers srvr with "not currently serving requests").
    /// </summary>
    public static async Task<string?> TryModeAsync(ServerAddress address, CancellationToken cancellationToken)
    {
        try
        {
            var srvr = await SendAsync(address, "srvr", cancellationToken).ConfigureAwait(false);
            return srvr.Split('\n').FirstOrDefault(l => l.StartsWith("Mode: ", StringComparison.Ordinal))?["Mode: ".Length..].Trim();
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or TimeoutException
                                  || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }
}
