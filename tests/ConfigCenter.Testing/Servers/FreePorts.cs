using System.Net;
using System.Net.Sockets;

namespace ConfigCenter.Testing.Servers;

/// <summary>Hands out loopback ports that are free now and were not handed out before in this test run.</summary>
public static class FreePorts
{
    private static readonly HashSet<int> HandedOut = [];

    public static int Next()
    {
        // Another process may still take the port before the server binds it; the starter retries on that.
        lock (HandedOut)
        {
            while (true)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                listener.Stop();
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
