using System.Net;
using System.Net.Sockets;

namespace ConfigCenter.Testing.Network;

/// <summary>
/// A loopback TCP proxy between a client and a server that can stall traffic (hold bytes in one or
/// both directions, including on new connections) and reset every connection, to simulate network
/// faults deterministically.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _upstreamPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Link> _links = [];
    private readonly FlowGate _toServer = new();
    private readonly FlowGate _toClient = new();
    private readonly Task _acceptLoop;
    private int _accepted;

    private TcpProxy(int upstreamPort)
    {
        _upstreamPort = upstreamPort;
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public static TcpProxy Start(int upstreamPort) => new(upstreamPort);

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string ConnectString => $"127.0.0.1:{Port}";

    /// <summary>How many client connections the proxy has accepted so far.</summary>
    public int AcceptedConnections => Volatile.Read(ref _accepted);

    /// <summary>Holds bytes in both directions, on current and new connections.</summary>
    public void Stall()
    {
        _toServer.Close();
        _toClient.Close();
    }

    /// <summary>Holds only the server's replies: requests still reach the server.</summary>
    public void StallReplies() => _toClient.Close();

    /// <summary>Lets held and new bytes flow again.</summary>
    public void Resume()
    {
        _toServer.Open();
        _toClient.Open();
    }

    /// <summary>Resets every open connection (RST on both sides); bytes held for them are dropped.</summary>
    public void ResetConnections()
    {
        Link[] links;
        lock (_links)
        {
            links = [.. _links];
            _links.Clear();
        }
        foreach (var link in links) link.Reset();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        ResetConnections();
        try
        {
            await _acceptLoop;
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptSocketAsync(_stop.Token);
            Interlocked.Increment(ref _accepted);
            var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _upstreamPort, _stop.Token);
            }
            catch (SocketException)
            {
                // The server is down: the client sees its connection reset, as it would without a proxy.
                Link.ResetSocket(client);
                server.Dispose();
                continue;
            }
            client.NoDelay = true;
            var link = new Link(client, server);
            lock (_links) _links.Add(link);
            link.Start(_toServer, _toClient);
        }
    }

    private sealed class Link(Socket client, Socket server)
    {
        private readonly CancellationTokenSource _cancel = new();

        public void Start(FlowGate toServer, FlowGate toClient)
        {
            _ = PumpAsync(client, server, toServer);
            _ = PumpAsync(server, client, toClient);
        }

        public void Reset()
        {
            _cancel.Cancel();
            ResetSocket(client);
            ResetSocket(server);
        }

        public static void ResetSocket(Socket socket)
        {
            try
            {
                // Linger 0 makes Close send RST instead of FIN: the peer sees "connection reset".
                socket.LingerState = new LingerOption(true, 0);
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
            {
            }
            socket.Dispose();
        }

        private async Task PumpAsync(Socket from, Socket to, FlowGate gate)
        {
            var buffer = new byte[64 * 1024];
            try
            {
                while (true)
                {
                    var read = await from.ReceiveAsync(buffer, SocketFlags.None, _cancel.Token);
                    if (read == 0) break;
                    await gate.WaitOpenAsync(_cancel.Token);
                    var sent = 0;
                    while (sent < read) sent += await to.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None, _cancel.Token);
                }
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
            // One side ended: end the other too, as a dropped connection would.
            ResetSocket(from);
            ResetSocket(to);
        }
    }
}
