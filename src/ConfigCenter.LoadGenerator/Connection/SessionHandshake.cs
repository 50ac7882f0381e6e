using System.Net.Sockets;
using ConfigCenter.Protocol.Jute;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.LoadGenerator.Connection;

/// <summary>Establishes a new session on a fresh connection: ConnectRequest out, ConnectResponse back.</summary>
internal static class SessionHandshake
{
    /// <summary>ZooKeeper's jute.maxbuffer default plus room for headers: no legitimate reply is larger.</summary>
    public const int MaxReplyFrame = 1024 * 1024 + 64 * 1024;

    /// <summary>Connects and establishes a new session, both within <paramref name="timeout"/>; the socket is the caller's.</summary>
    /// <exception cref="IOException">The server refused the session or closed the connection.</exception>
    public static async Task<(Socket Socket, FrameReceiver Receiver, ConnectResponse Session)> OpenAsync(
        ServerAddress address, int sessionTimeoutMs, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var socket = await ZkSocket.ConnectAsync(address, timeout, cancellationToken).ConfigureAwait(false);
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            var receiver = new FrameReceiver(socket, MaxReplyFrame);
            var session = await RunAsync(socket, receiver, sessionTimeoutMs, deadline.Token).ConfigureAwait(false);
            return (socket, receiver, session);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <exception cref="IOException">The server refused the session or closed the connection.</exception>
    public static async Task<ConnectResponse> RunAsync(Socket socket, FrameReceiver receiver, int sessionTimeoutMs, CancellationToken cancellationToken)
    {
        var frame = new FrameBuffer(128);
        frame.BeginFrame();
        new ConnectRequest(ProtocolVersion: 0, LastZxidSeen: 0, sessionTimeoutMs, SessionId: 0, Password: new byte[16], ReadOnly: false)
            .Write(new JuteWriter(frame));
        frame.EndFrame();
        await ZkSocket.SendAllAsync(socket, frame.WrittenMemory, cancellationToken).ConfigureAwait(false);

        var payload = await receiver.ReadFrameAsync(cancellationToken).ConfigureAwait(false);
        var response = Decode(payload.Span);
        // A server that is not serving yet (or refuses the session) answers with timeout 0 or closes.
        if (response.Timeout <= 0) throw new IOException("the server refused the session");
        return response;
    }

    /// <exception cref="InvalidDataException">The frame is not a ConnectResponse.</exception>
    private static ConnectResponse Decode(ReadOnlySpan<byte> payload)
    {
        try
        {
            var reader = new JuteReader(payload);
            return ConnectResponse.Read(ref reader);
        }
        catch (JuteException e)
        {
            throw new InvalidDataException($"undecodable ConnectResponse: {e.Message}", e);
        }
    }
}
