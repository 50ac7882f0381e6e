using ConfigCenter.Protocol.Records;
using ConfigCenter.Server.Pipeline;

namespace ConfigCenter.Server.Tests.Core;

/// <summary>One thing the state machine sent to a connection, in the order it was sent.</summary>
internal abstract record Output;

internal sealed record ConnectOutput(ConnectResponse Response) : Output;

internal sealed record ReplyOutput(ReplyHeader Header, Response? Body) : Output;

internal sealed record NotificationOutput(WatcherEvent Event) : Output;

internal sealed record CloseOutput(string Reason) : Output;

/// <summary>
/// A client connection that decodes nothing: it records every connect response, reply,
/// notification and close in one ordered list, so tests can assert on order as well as content.
/// </summary>
internal sealed class RecordingConnection(string remoteAddress = "127.0.0.1", int remotePort = 50000) : IClientConnection
{
    private readonly List<Output> _outputs = [];

    public long SessionId { get; set; }

    /// <summary>As the real connection does, every connection starts with its (ip, address) identity.</summary>
    public List<Id> Identities { get; } = [new Id("ip", remoteAddress)];

    public string RemoteEndPoint { get; } = $"{remoteAddress}:{remotePort}";

    public IReadOnlyList<Output> Outputs => _outputs;

    public bool IsClosed => _outputs.OfType<CloseOutput>().Any();

    public IEnumerable<ReplyOutput> Replies => _outputs.OfType<ReplyOutput>();

    public IEnumerable<WatcherEvent> Events => _outputs.OfType<NotificationOutput>().Select(n => n.Event);

    public IEnumerable<ConnectResponse> ConnectResponses => _outputs.OfType<ConnectOutput>().Select(c => c.Response);

    /// <summary>Where the next output will land, to look only at what a step produced.</summary>
    public int Mark => _outputs.Count;

    public IReadOnlyList<Output> Since(int mark) => _outputs.Skip(mark).ToList();

    public List<WatcherEvent> EventsSince(int mark) => Since(mark).OfType<NotificationOutput>().Select(n => n.Event).ToList();

    public void SendConnectResponse(ConnectResponse response) => _outputs.Add(new ConnectOutput(response));

    public void SendReply(in ReplyHeader header, Response? body) => _outputs.Add(new ReplyOutput(header, body));

    public void Notify(WatcherEvent watchedEvent) => _outputs.Add(new NotificationOutput(watchedEvent));

    public void Close(string reason) => _outputs.Add(new CloseOutput(reason));
}
