using System.Buffers.Binary;
using System.Text;
using ConfigCenter.Conformance.Tests.Support;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.Raw;

namespace ConfigCenter.Conformance.Tests.Fuzz;

/// <summary>
/// Draws fuzz inputs from a seed: valid requests under the fuzz prefix (and against the guarded
/// subtree, which they must not be able to change), then mutated; plus broken lengths, unknown
/// opcodes, invalid paths, oversized data and bytes sent in place of a handshake.
/// </summary>
public sealed class FuzzCaseGenerator(int seed)
{
    public const string FuzzRoot = "/fuzz";
    public const string GuardRoot = "/guard";

    /// <summary>jute.maxbuffer's default (0xfffff): a frame longer than this is refused.</summary>
    public const int MaxBuffer = 0xfffff;

    private static readonly string[] InvalidPaths =
    [
        "", "fuzz", "fuzz/a", FuzzRoot + "/", "//", FuzzRoot + "//a", FuzzRoot + "/.", FuzzRoot + "/..", FuzzRoot + "/./a",
        FuzzRoot + "/../a", "/.", "/..", FuzzRoot + "/a\u0001", FuzzRoot + "/a\u0000", FuzzRoot + "/\u001f", FuzzRoot + "/\u007f",
        FuzzRoot + "/\u009f", FuzzRoot + "/\ufff0", FuzzRoot + "/\uffff", FuzzRoot + "/\ue000", FuzzRoot + "/a/",
    ];

    private static readonly OpCode[] KnownOpCodes = Enum.GetValues<OpCode>();

    private readonly Random _random = new(seed);
    private int _nextXid = 1;
    private int _nextName;

    public FuzzCase Next() => _random.Next(100) switch
    {
        < 30 => Mutated(),
        < 42 => InvalidPathCreate(),
        < 50 => Valid(),
        < 57 => TruncatedBody(),
        < 64 => UnknownOpcode(),
        < 70 => BrokenLength(),
        < 75 => CutFrame(),
        < 77 => OversizedData(),
        < 82 => ShortFrame(),
        < 87 => GarbageBeforeHandshake(),
        < 92 => RequestBeforeHandshake(),
        < 96 => MutatedHandshake(),
        _ => InvalidUtf8PathCreate(),
    };

    private FuzzCase Valid()
    {
        var (type, request) = BaseRequest();
        var xid = NextXid();
        return new FuzzCase($"valid {type}", RawFrames.Request(xid, type, request), false, xid, type, FuzzExpectation.AnyDefinedAnswer);
    }

    private FuzzCase Mutated()
    {
        var (type, request) = BaseRequest();
        var frame = RawFrames.Request(0, type, request);
        var payload = frame.AsSpan(RawFrames.LengthPrefixSize).ToArray();
        string how;
        switch (_random.Next(4))
        {
            case 0:
                var flips = 1 + _random.Next(8);
                for (var i = 0; i < flips; i++)
                {
                    // Skip the xid (0..3): it is rewritten below so the reply can be matched.
                    var at = 4 + _random.Next(payload.Length - 4);
                    payload[at] ^= (byte)(1 << _random.Next(8));
                }
                how = $"{flips} bit flips";
                break;
            case 1:
                var overwrite = 1 + _random.Next(4);
                for (var i = 0; i < overwrite; i++) payload[4 + _random.Next(payload.Length - 4)] = (byte)_random.Next(256);
                how = $"{overwrite} random bytes";
                break;
            case 2:
                payload = [.. payload, .. RandomBytes(1 + _random.Next(16))];
                how = "trailing garbage";
                break;
            default:
                // A plausible but wrong 32-bit field: lengths and counts become huge or negative.
                var field = 8 + 4 * _random.Next(Math.Max(1, (payload.Length - 8) / 4));
                if (field + 4 <= payload.Length)
                    BinaryPrimitives.WriteInt32BigEndian(payload.AsSpan(field), Pick([-2, -1, 0x7fffffff, int.MinValue, MaxBuffer + 1, 1 << 20]));
                how = $"int at {field} forged";
                break;
        }
        var xid = NextXid();
        BinaryPrimitives.WriteInt32BigEndian(payload, xid);
        var declared = (OpCode)BinaryPrimitives.ReadInt32BigEndian(payload.AsSpan(4));
        return new FuzzCase($"{type} with {how} (now type {(int)declared})", RawFrames.Frame(payload), false, xid, declared, FuzzExpectation.AnyDefinedAnswer);
    }

    private FuzzCase InvalidPathCreate()
    {
        var path = Pick(InvalidPaths);
        var xid = NextXid();
        // Non-sequential flags only: a sequential create of "/fuzz/" is legal (the suffix completes the name).
        var flags = Pick([CreateMode.Persistent, CreateMode.Ephemeral, CreateMode.Container]);
        var type = flags == CreateMode.Container ? OpCode.CreateContainer : Pick([OpCode.Create, OpCode.Create2]);
        var request = new CreateRequest(path, [1, 2, 3], Acl.OpenAclUnsafe, (int)flags);
        return new FuzzCase($"{type} invalid path \"{Visible(path)}\"", RawFrames.Request(xid, type, request), false, xid, type, FuzzExpectation.ErrorOrClose);
    }

    private FuzzCase InvalidUtf8PathCreate()
    {
        var xid = NextXid();
        // Bytes that are not UTF-8 decode to U+FFFD on both Java and .NET, a character PathUtils rejects.
        byte[] pathBytes = [.. Encoding.ASCII.GetBytes(FuzzRoot + "/"), .. Pick<byte[]>([[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]])];
        var frame = RawFrames.Build(writer =>
        {
            new RequestHeader(xid, OpCode.Create).Write(writer);
            writer.WriteBuffer(pathBytes.AsSpan());
            writer.WriteBuffer(Array.Empty<byte>().AsSpan());
            Acl.WriteList(writer, Acl.OpenAclUnsafe);
            writer.WriteInt(0);
        });
        return new FuzzCase($"create with non-UTF-8 path bytes {Convert.ToHexString(pathBytes)}", frame, false, xid, OpCode.Create, FuzzExpectation.ErrorOrClose);
    }

    private FuzzCase TruncatedBody()
    {
        var (type, request) = BaseRequestWithBody();
        var xid = NextXid();
        var frame = RawFrames.Request(xid, type, request);
        var payloadLength = frame.Length - RawFrames.LengthPrefixSize;
        // Keep the header, cut at least one byte of the body; the length prefix stays consistent.
        var keep = RequestHeader.Size + _random.Next(payloadLength - RequestHeader.Size);
        return new FuzzCase($"{type} body cut to {keep - RequestHeader.Size} of {payloadLength - RequestHeader.Size} bytes",
            RawFrames.Frame(frame.AsSpan(RawFrames.LengthPrefixSize, keep)), false, xid, type, FuzzExpectation.ErrorOrClose);
    }

    private FuzzCase UnknownOpcode()
    {
        int code;
        do code = _random.Next(3) == 0 ? _random.Next(int.MinValue, int.MaxValue) : _random.Next(-20, 130);
        while (Array.IndexOf(KnownOpCodes, (OpCode)code) >= 0 || code == (int)OpCode.Notification);
        var xid = NextXid();
        var frame = RawFrames.Request(xid, (OpCode)code, new SyncRequest(FuzzRoot));
        return new FuzzCase($"unknown opcode {code}", frame, false, xid, (OpCode)code, FuzzExpectation.ErrorOrClose);
    }

    private FuzzCase BrokenLength()
    {
        var length = Pick([-1, -2, int.MinValue, MaxBuffer + 1, 0x7f000000, int.MaxValue, 0]);
        var bytes = new byte[4 + 8];
        BinaryPrimitives.WriteInt32BigEndian(bytes, length);
        _random.NextBytes(bytes.AsSpan(4));
        return new FuzzCase($"frame length {length}", bytes, false, null, OpCode.Error, FuzzExpectation.Close);
    }

    private FuzzCase CutFrame()
    {
        var (type, request) = BaseRequest();
        var frame = RawFrames.Request(NextXid(), type, request);
        var sent = 1 + _random.Next(frame.Length - 1);
        // The server waits for the rest; once we stop sending it must see the end of the stream and close.
        return new FuzzCase($"{type} frame cut after {sent} of {frame.Length} bytes", frame[..sent], false, null, type, FuzzExpectation.Close, ShutdownSendAfter: true);
    }

    private FuzzCase OversizedData()
    {
        var xid = NextXid();
        var data = new byte[MaxBuffer + 1 + _random.Next(1024)];
        var frame = RawFrames.Request(xid, OpCode.Create, new CreateRequest($"{FuzzRoot}/big{_nextName++}", data, Acl.OpenAclUnsafe, 0));
        return new FuzzCase($"create with {data.Length} bytes of data", frame, false, xid, OpCode.Create, FuzzExpectation.ErrorOrClose);
    }

    private FuzzCase ShortFrame()
    {
        // Shorter than a request header: nobody can tell which request this was.
        var payload = RandomBytes(_random.Next(8));
        return new FuzzCase($"{payload.Length}-byte frame", RawFrames.Frame(payload), false, null, OpCode.Error, FuzzExpectation.ErrorOrClose);
    }

    private FuzzCase GarbageBeforeHandshake()
    {
        var garbage = RandomBytes(1 + _random.Next(64));
        return new FuzzCase("garbage instead of a handshake", garbage, true, null, OpCode.CreateSession, FuzzExpectation.ConnectResponseOrClose, ShutdownSendAfter: true);
    }

    private FuzzCase RequestBeforeHandshake()
    {
        var (type, request) = BaseRequest();
        return new FuzzCase($"{type} before the handshake", RawFrames.Request(NextXid(), type, request), true, null, OpCode.CreateSession,
            FuzzExpectation.ConnectResponseOrClose, ShutdownSendAfter: true);
    }

    private FuzzCase MutatedHandshake()
    {
        var connect = RawFrames.Connect(new ConnectRequest(0, 0, 4000, _random.Next(3) == 0 ? _random.NextInt64() : 0, new byte[16], _random.Next(2) == 0 ? null : false));
        var payload = connect.AsSpan(RawFrames.LengthPrefixSize).ToArray();
        var flips = 1 + _random.Next(4);
        for (var i = 0; i < flips; i++) payload[_random.Next(payload.Length)] ^= (byte)(1 << _random.Next(8));
        return new FuzzCase($"handshake with {flips} bit flips", RawFrames.Frame(payload), true, null, OpCode.CreateSession,
            FuzzExpectation.ConnectResponseOrClose, ShutdownSendAfter: true);
    }

    private (OpCode Type, Request Request) BaseRequestWithBody()
    {
        while (true)
        {
            var candidate = BaseRequest();
            if (RawFrames.Request(0, candidate.Type, candidate.Request).Length > RawFrames.LengthPrefixSize + RequestHeader.Size) return candidate;
        }
    }

    /// <summary>A well-formed request: writes under the fuzz prefix, or attempts on the guarded subtree.</summary>
    private (OpCode Type, Request Request) BaseRequest()
    {
        var path = _random.Next(5) == 0 ? Pick([GuardRoot, GuardRoot + "/a", GuardRoot + "/b"]) : $"{FuzzRoot}/n{_random.Next(50)}";
        byte[] data = [.. RandomBytes(_random.Next(20))];
        var version = Pick([-1, 0, 1]);
        return _random.Next(22) switch
        {
            0 => (OpCode.Create, new CreateRequest(path, data, Acl.OpenAclUnsafe, Pick([0, 1, 2, 3]))),
            1 => (OpCode.Create2, new CreateRequest(path, data, Acl.OpenAclUnsafe, Pick([0, 1, 2, 3]))),
            2 => (OpCode.CreateContainer, new CreateRequest(path, data, Acl.OpenAclUnsafe, (int)CreateMode.Container)),
            3 => (OpCode.CreateTtl, new CreateRequest(path, data, Acl.OpenAclUnsafe, Pick([5, 6]), 3_600_000)),
            4 => (OpCode.Delete, new DeleteRequest(path, version)),
            5 => (OpCode.SetData, new SetDataRequest(path, data, version)),
            6 => (OpCode.Exists, new ExistsRequest(path, _random.Next(2) == 0)),
            7 => (OpCode.GetData, new GetDataRequest(path, _random.Next(2) == 0)),
            8 => (OpCode.GetChildren, new GetChildrenRequest(path, _random.Next(2) == 0)),
            9 => (OpCode.GetChildren2, new GetChildrenRequest(path, _random.Next(2) == 0)),
            10 => (OpCode.GetAcl, new GetAclRequest(path)),
            11 => (OpCode.SetAcl, new SetAclRequest(path, Pick([Acl.OpenAclUnsafe, Acl.ReadAclUnsafe, [DigestAcls.All("fuzzer")]]), version)),
            12 => (OpCode.Sync, new SyncRequest(path)),
            13 => (OpCode.Multi, new MultiRequest([
                new MultiOp(OpCode.Create, new CreateRequest(path, data, Acl.OpenAclUnsafe, 0)),
                new MultiOp(OpCode.SetData, new SetDataRequest(path, data, version)),
                new MultiOp(OpCode.Delete, new DeleteRequest(path, -1))])),
            14 => (OpCode.MultiRead, new MultiRequest([
                new MultiOp(OpCode.GetData, new GetDataRequest(path, false)),
                new MultiOp(OpCode.GetChildren, new GetChildrenRequest(FuzzRoot, false))])),
            15 => (OpCode.GetAllChildrenNumber, new GetAllChildrenNumberRequest(path)),
            16 => (OpCode.GetEphemerals, new GetEphemeralsRequest(path)),
            17 => (OpCode.AddWatch, new AddWatchRequest(path, Pick([AddWatchMode.Persistent, AddWatchMode.PersistentRecursive]))),
            18 => (OpCode.RemoveWatches, new RemoveWatchesRequest(path, Pick([WatcherType.Any, WatcherType.Data, WatcherType.Children]))),
            19 => (OpCode.SetWatches, new SetWatchesBody(new SetWatchesRequest(0, [path], [path], [path], [], []), false)),
            20 => (OpCode.Auth, new AuthRequest(new AuthPacket(0, "digest", DigestAcls.Credentials("fuzzer")))),
            _ => (OpCode.WhoAmI, EmptyRequest.Instance),
        };
    }

    private int NextXid() => _nextXid++;

    private byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        _random.NextBytes(bytes);
        return bytes;
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private static string Visible(string path) => string.Concat(path.Select(c => char.IsControl(c) || c >= '\ud800' ? $"\\u{(int)c:x4}" : c.ToString()));
}
