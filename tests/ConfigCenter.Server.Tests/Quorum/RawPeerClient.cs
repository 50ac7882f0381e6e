using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using ConfigCenter.Server.Quorum.Transport;

namespace ConfigCenter.Server.Tests.Quorum;

/// <summary>A hand-driven TCP connection to a transport, for sending what a real peer never would.</summary>
internal sealed class RawPeerClient : IDisposable
{
    private readonly TcpClient _client = new(AddressFamily.InterNetwork); // so its endpoint reads as the server logs it

    private RawPeerClient()
    {
    }

    /// <summary>How the transport names this connection in its log.</summary>
    public string LocalEndPoint => _client.Client.LocalEndPoint!.ToString()!;

    public static async Task<RawPeerClient> ConnectAsync(IPEndPoint endPoint)
    {
        var raw = new RawPeerClient();
        await raw._client.ConnectAsync(endPoint).WaitAsync(TestPeer.Timeout);
        return raw;
    }

    public Task SendHandshakeAsync(long myid, int magic = PeerHandshake.Magic)
    {
        var payload = new byte[16];
        BinaryPrimitives.WriteInt32BigEndian(payload, magic);
        BinaryPrimitives.WriteInt32BigEndian(payload.AsSpan(4), PeerHandshake.Version);
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(8), myid);
        return SendFrameAsync(payload);
    }

    public Task SendMessageAsync(object message)
    {
        var payload = new ArrayBufferWriter<byte>();
        PeerMessageCodec.Encode(message, payload);
        return SendFrameAsync(payload.WrittenSpan.ToArray());
    }

    public Task SendFrameAsync(byte[] payload) => SendFrameAsync(payload.Length, payload);

    /// <summary>A frame whose header may claim any length.</summary>
    public async Task SendFrameAsync(int declaredLength, byte[] payload)
    {
        var frame = new byte[4 + payload.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, declaredLength);
        payload.CopyTo(frame, 4);
        await _client.GetStream().WriteAsync(frame).AsTask().WaitAsync(TestPeer.Timeout);
    }

    /// <summary>Completes when the transport has closed this connection (an end of stream or a reset).</summary>
    public async Task ClosedByServerAsync()
    {
        var buffer = new byte[256];
        try
        {
            while (await _client.GetStream().ReadAsync(buffer).AsTask().WaitAsync(TestPeer.Timeout) > 0)
            {
                // The transport never writes on an inbound connection; keep reading until it ends.
            }
        }
        catch (IOException)
        {
            // Reset: closed too.
        }
    }

    public void Dispose() => _client.Dispose();
}
