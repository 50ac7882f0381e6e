using System.Net;
using System.Net.Sockets;
using ConfigCenter.Server.Admin;
using ConfigCenter.Server.Hosting;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Server.Network;

/// <summary>Accepts client connections on the client port and runs each one until it ends.</summary>
internal sealed class ClientListener(
    IPEndPoint endPoint,
    CoreEventLoop loop,
    int maxFrameSize,
    int maxConnectionsPerAddress,
    AdminContext admin,
    ILoggerFactory loggerFactory) : IAsyncDisposable
{
    private const int SolSocket = 1;
    private const int SoReuseAddr = 2;

    private readonly ILogger _logger = loggerFactory.CreateLogger<ClientListener>();
    private readonly ILogger _connectionLogger = loggerFactory.CreateLogger<ClientConnection>();
    private readonly Socket _socket = new(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
    private readonly Dictionary<IPAddress, int> _perAddress = [];
    private readonly CancellationTokenSource _stopping = new();
    private Task _accepting = Task.CompletedTask;

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>Takes the port; throws a <see cref="SocketException"/> when another process holds it.</summary>
    public void Bind()
    {
        // SO_REUSEADDR alone, so a restart can bind while old connections linger in TIME_WAIT. .NET's
        // ReuseAddress option also sets SO_REUSEPORT on Linux, which would let a second server bind the
        // same port and silently take half of the connections.
        if (OperatingSystem.IsLinux()) _socket.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
        _socket.Bind(endPoint);
    }

    public void Start()
    {
        _socket.Listen(1024);
        _accepting = AcceptLoopAsync();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stopping.IsCancellationRequested) return;
                _logger.LogWarning("Accept failed: {Reason}", e.Message);
                continue;
            }
            client.NoDelay = true;
            var address = (client.RemoteEndPoint as IPEndPoint)?.Address ?? IPAddress.None;
            if (!TryCountConnection(address))
            {
                _logger.LogWarning("Too many connections from {Address} - max is {Max}", address, maxConnectionsPerAddress);
                client.Dispose();
                continue;
            }
            _ = RunConnectionAsync(client, address);
        }
    }

    private async Task RunConnectionAsync(Socket client, IPAddress address)
    {
        try
        {
            var connection = new ClientConnection(client, loop, maxFrameSize, admin, _connectionLogger);
            await connection.RunAsync(_stopping.Token);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Connection from {Address} failed unexpectedly", address);
        }
        finally
        {
            lock (_perAddress)
            {
                if (--_perAddress[address] == 0) _perAddress.Remove(address);
            }
        }
    }

    private bool TryCountConnection(IPAddress address)
    {
        lock (_perAddress)
        {
            _perAddress.TryGetValue(address, out var count);
            if (maxConnectionsPerAddress > 0 && count >= maxConnectionsPerAddress) return false;
            _perAddress[address] = count + 1;
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _socket.Dispose();
        await _accepting;
        _stopping.Dispose();
    }
}
