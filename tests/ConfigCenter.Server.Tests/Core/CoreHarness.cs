using System.Buffers;
using System.Text;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Jute;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Server.AccessControl;
using ConfigCenter.Server.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConfigCenter.Server.Tests.Core;

/// <summary>
/// Drives <see cref="ZkServerCore"/> in-process: connections are <see cref="RecordingConnection"/>s,
/// requests are encoded with the protocol library, and time only moves when a test moves it.
/// </summary>
internal sealed class CoreHarness
{
    /// <summary>Wall time the server starts at: an arbitrary fixed instant, far from 0 so it cannot be mistaken for "unset".</summary>
    public const long StartWallMs = 1_700_000_000_000;

    public const int DefaultSessionTimeoutMs = 30_000;

    private readonly Dictionary<RecordingConnection, int> _nextXid = [];

    /// <param name="log">A log that holds transactions until the test declares them durable; null makes them durable at once.</param>
    public CoreHarness(CoreOptions? options = null, ITransactionLog? log = null)
    {
        Now = new ServerTime(0, StartWallMs);
        Core = new ZkServerCore(options ?? new CoreOptions(), Now, NullLogger<ZkServerCore>.Instance, log);
    }

    public ZkServerCore Core { get; }

    public ServerTime Now { get; private set; }

    public long LastZxid => Core.LastZxid;

    /// <summary>Moves both clocks forward and lets the server run its periodic work.</summary>
    public void AdvanceAndTick(long ms)
    {
        Advance(ms);
        Core.OnTick(Now);
    }

    public void Advance(long ms) => Now = new ServerTime(Now.ElapsedMs + ms, Now.WallMs + ms);

    public void Tick() => Core.OnTick(Now);

    /// <summary>Opens a connection without a handshake.</summary>
    public RecordingConnection Open(string address = "127.0.0.1")
    {
        var connection = new RecordingConnection(address);
        Core.OnConnectionOpened(connection);
        return connection;
    }

    /// <summary>Opens a connection and creates a new session on it; asserts the handshake succeeded.</summary>
    public RecordingConnection Connect(int timeoutMs = DefaultSessionTimeoutMs, string address = "127.0.0.1")
    {
        var connection = Open(address);
        var response = Handshake(connection, new ConnectRequest(0, 0, timeoutMs, 0, new byte[16], false));
        Assert.NotNull(response);
        Assert.NotEqual(0, response.SessionId);
        return connection;
    }

    /// <summary>Sends a ConnectRequest; returns the ConnectResponse it produced, if any.</summary>
    public ConnectResponse? Handshake(RecordingConnection connection, ConnectRequest request)
    {
        var mark = connection.Mark;
        Core.OnConnect(connection, request, Now);
        return connection.Since(mark).OfType<ConnectOutput>().Select(c => c.Response).SingleOrDefault();
    }

    /// <summary>Resumes an existing session on a new connection.</summary>
    public (RecordingConnection Connection, ConnectResponse? Response) Reconnect(
        long sessionId, byte[] password, int timeoutMs = DefaultSessionTimeoutMs, long lastZxidSeen = 0)
    {
        var connection = Open();
        var response = Handshake(connection, new ConnectRequest(0, lastZxidSeen, timeoutMs, sessionId, password, false));
        return (connection, response);
    }

    /// <summary>Feeds a request without expecting an immediate reply (the log may hold it back).</summary>
    public int Post(RecordingConnection connection, OpCode type, Request? request = null)
    {
        var xid = NextXid(connection);
        Core.OnRequest(connection, new RequestHeader(xid, type), Encode(request), Now);
        return xid;
    }

    /// <summary>Encodes the request, feeds it to the server, and returns the reply to it.</summary>
    public ReplyOutput Send(RecordingConnection connection, OpCode type, Request? request = null) =>
        SendRaw(connection, type, Encode(request));

    /// <summary>Sends an already encoded body (possibly a deliberately broken one).</summary>
    public ReplyOutput SendRaw(RecordingConnection connection, OpCode type, byte[] body, int? xid = null)
    {
        var requestXid = xid ?? NextXid(connection);
        var mark = connection.Mark;
        Core.OnRequest(connection, new RequestHeader(requestXid, type), body, Now);
        var replies = connection.Since(mark).OfType<ReplyOutput>().ToList();
        var reply = Assert.Single(replies);
        Assert.Equal(type == OpCode.Ping ? Xids.Ping : requestXid, reply.Header.Xid);
        return reply;
    }

    public static byte[] Encode(Request? request)
    {
        var buffer = new ArrayBufferWriter<byte>();
        request?.Write(new JuteWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }

    private int NextXid(RecordingConnection connection)
    {
        _nextXid.TryGetValue(connection, out var xid);
        _nextXid[connection] = ++xid;
        return xid;
    }

    // --- typed shortcuts; each asserts nothing about the result unless its name says so ---

    public ReplyOutput Create(RecordingConnection connection, string path, string data = "", CreateMode mode = CreateMode.Persistent,
        IReadOnlyList<Acl>? acl = null) =>
        Send(connection, OpCode.Create, new CreateRequest(path, Bytes(data), acl ?? Acl.OpenAclUnsafe, (int)mode));

    /// <summary>Creates a node and asserts it worked; returns the created path.</summary>
    public string CreateOk(RecordingConnection connection, string path, string data = "", CreateMode mode = CreateMode.Persistent,
        IReadOnlyList<Acl>? acl = null)
    {
        var reply = Create(connection, path, data, mode, acl);
        Assert.Equal(ErrorCode.Ok, reply.Header.Err);
        return Assert.IsType<CreateResponse>(reply.Body).Path;
    }

    public ReplyOutput SetData(RecordingConnection connection, string path, string data, int version = -1) =>
        Send(connection, OpCode.SetData, new SetDataRequest(path, Bytes(data), version));

    public ReplyOutput Delete(RecordingConnection connection, string path, int version = -1) =>
        Send(connection, OpCode.Delete, new DeleteRequest(path, version));

    public ReplyOutput GetData(RecordingConnection connection, string path, bool watch = false) =>
        Send(connection, OpCode.GetData, new GetDataRequest(path, watch));

    public ReplyOutput Exists(RecordingConnection connection, string path, bool watch = false) =>
        Send(connection, OpCode.Exists, new ExistsRequest(path, watch));

    public ReplyOutput GetChildren(RecordingConnection connection, string path, bool watch = false) =>
        Send(connection, OpCode.GetChildren, new GetChildrenRequest(path, watch));

    public ReplyOutput AddAuth(RecordingConnection connection, string scheme, string auth) =>
        SendRaw(connection, OpCode.Auth, Encode(new AuthRequest(new AuthPacket(0, scheme, Bytes(auth)))), Xids.Auth);

    /// <summary>The node's stat as exists reports it; asserts the node exists.</summary>
    public Stat StatOf(RecordingConnection connection, string path)
    {
        var reply = Exists(connection, path);
        Assert.Equal(ErrorCode.Ok, reply.Header.Err);
        return Assert.IsType<StatResponse>(reply.Body).Stat;
    }

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    public static Id DigestId(string user, string password) => new(DigestAuthentication.Scheme, DigestAuthentication.Digest($"{user}:{password}"));

    /// <summary>
    /// Every node with its data, stat and ACL, read straight from the tree: two equal snapshots
    /// mean a request left the tree exactly as it was.
    /// </summary>
    public string TreeSnapshot()
    {
        var builder = new StringBuilder();
        Walk("/");
        return builder.ToString();

        void Walk(string path)
        {
            var node = Core.Tree.GetNode(path);
            Assert.NotNull(node);
            builder.Append(path).Append(' ').Append(node.ToStat()).Append(' ')
                .Append(node.Data is null ? "null" : Convert.ToHexString(node.Data)).Append(' ')
                .AppendJoin(',', node.Acl).AppendLine();
            foreach (var child in node.Children.Order(StringComparer.Ordinal)) Walk(ZkPath.Combine(path, child));
        }
    }
}

/// <summary>Assertions on replies that keep the tests short.</summary>
internal static class ReplyAssertions
{
    public static ReplyOutput AssertOk(this ReplyOutput reply)
    {
        Assert.Equal(ErrorCode.Ok, reply.Header.Err);
        return reply;
    }

    /// <summary>An error reply: the code, and no body.</summary>
    public static ReplyOutput AssertError(this ReplyOutput reply, ErrorCode expected)
    {
        Assert.Equal(expected, reply.Header.Err);
        Assert.Null(reply.Body);
        return reply;
    }

    public static T BodyAs<T>(this ReplyOutput reply) where T : Response
    {
        Assert.Equal(ErrorCode.Ok, reply.Header.Err);
        return Assert.IsType<T>(reply.Body);
    }
}
