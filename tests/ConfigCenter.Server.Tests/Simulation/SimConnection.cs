using ConfigCenter.Protocol.Records;
using ConfigCenter.Server.Pipeline;

namespace ConfigCenter.Server.Tests.Simulation;

/// <summary>What a server sent down a connection, in order.</summary>
internal abstract record ServerOutput;

internal sealed record ConnectOutput(ConnectResponse Response) : ServerOutput;

internal sealed record ReplyOutput(ReplyHeader Header, Response? Body) : ServerOutput;

internal sealed record CloseOutput(string Reason) : ServerOutput;

/// <summary>
/// One TCP connection between a simulated client and one life of a server: FIFO both ways, and once
/// broken (a crash, a cut, a close) nothing more gets through. The state machine's outputs travel
/// through the simulator's network to the client.
/// </summary>
internal sealed class SimConnection(ServerSimulation simulation, SimClient client, SimServer server, int number) : IClientConnection
{
    public SimClient Client { get; } = client;
    public SimServer Server { get; } = server;
    public int ServerIncarnation { get; } = server.Incarnation;
    public int Number { get; } = number;

    public long SessionId { get; set; }

    public List<Id> Identities { get; } = [new Id("ip", $"10.0.1.{client.Index}")];

    public string RemoteEndPoint => $"10.0.1.{Client.Index}:{Number}";

    public bool Broken { get; set; }

    /// <summary>When the last message each way is delivered: later ones never overtake it.</summary>
    public long ToClientAt { get; set; }
    public long ToServerAt { get; set; }

    /// <summary>The server's applied zxid when it took the handshake, and what the client had seen then.</summary>
    public long ServerZxidAtConnect { get; set; } = -1;
    public long ClientZxidAtConnect { get; set; }

    public void SendConnectResponse(ConnectResponse response) => simulation.ToClient(this, new ConnectOutput(response));

    public void SendReply(in ReplyHeader header, Response? body) => simulation.ToClient(this, new ReplyOutput(header, body));

    // The clients set no watches; a notification would be a bug of its own, but nothing here checks watches.
    public void Notify(WatcherEvent watchedEvent)
    {
    }

    public void Close(string reason) => simulation.ToClient(this, new CloseOutput(reason));

    public override string ToString() => $"c{Client.Index}#{Number}->{Server.Id}";
}
