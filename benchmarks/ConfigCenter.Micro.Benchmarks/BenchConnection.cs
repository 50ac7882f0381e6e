using System.Buffers;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Server.Network;
using ConfigCenter.Server.Pipeline;

namespace ConfigCenter.Micro.Benchmarks;

/// <summary>
/// A client connection without a socket: replies and notifications are encoded into frames exactly as
/// ClientConnection does (FrameEncoder into an output buffer), and the buffer is reused, so a benchmark
/// measures the server's work per reply or notification but no I/O.
/// </summary>
internal sealed class BenchConnection : IClientConnection
{
    private readonly ArrayBufferWriter<byte> _scratch = new(256);
    private readonly ArrayBufferWriter<byte> _output = new(4096);

    public long SessionId { get; set; } = 1;

    public List<Id> Identities { get; } = [new Id("ip", "127.0.0.1")];

    public string RemoteEndPoint => "127.0.0.1:1";

    /// <summary>Frames encoded since the last <see cref="Reset"/>.</summary>
    public int Frames { get; private set; }

    public void Reset()
    {
        _output.ResetWrittenCount();
        Frames = 0;
    }

    public void Notify(WatcherEvent watchedEvent)
    {
        FrameEncoder.WriteNotification(_output, _scratch, -1, watchedEvent);
        Frames++;
    }

    public void SendReply(in ReplyHeader header, Response? body)
    {
        FrameEncoder.WriteReply(_output, _scratch, header, body);
        Frames++;
    }

    public void SendConnectResponse(ConnectResponse response) => FrameEncoder.WriteConnectResponse(_output, _scratch, response);

    public void Close(string reason)
    {
    }
}
