using ConfigCenter.Protocol.Records;
using ConfigCenter.Server.Pipeline;

namespace ConfigCenter.Server.Hosting;

/// <summary>
/// One input for the state machine. A request frame travels as plain fields (no closure, its bytes
/// in a pooled buffer); rarer events carry a delegate.
/// </summary>
internal readonly struct CoreEvent
{
    private CoreEvent(Action<ZkServerCore>? work, IClientConnection? connection, RequestHeader header, byte[]? frame, int length)
    {
        Work = work;
        Connection = connection;
        Header = header;
        Frame = frame;
        Length = length;
    }

    public Action<ZkServerCore>? Work { get; }
    public IClientConnection? Connection { get; }
    public RequestHeader Header { get; }

    /// <summary>Rented from the shared array pool; the loop returns it once the request is handled.</summary>
    public byte[]? Frame { get; }
    public int Length { get; }

    public static CoreEvent Of(Action<ZkServerCore> work) => new(work, null, default, null, 0);

    public static CoreEvent Request(IClientConnection connection, RequestHeader header, byte[] frame, int length) =>
        new(null, connection, header, frame, length);
}
