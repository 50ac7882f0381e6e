using System.Net;
using System.Net.Sockets;

namespace ConfigCenter.LoadGenerator.Benchmark;

/// <summary>Free TCP ports on loopback for the servers' client, peer and election sockets.</summary>
internal static class LoopbackPorts
{
    /// <summary>
    /// <paramref name="count"/> distinct free ports: all listeners stay open until every port is picked,
    /// so the kernel cannot hand out the same port twice.
    /// </summary>
    public static IReadOnlyList<int> Free(int count)
    {
        var listeners = new List<TcpListener>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listeners.Add(listener);
                listener.Start();
            }

            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToList();
        }
        finally
        {
            foreach (var listener in listeners) listener.Stop();
        }
    }
}
