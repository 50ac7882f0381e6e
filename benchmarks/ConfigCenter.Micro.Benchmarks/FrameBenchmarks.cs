using System.Buffers;
using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Jute;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Server.Network;

namespace ConfigCenter.Micro.Benchmarks;

/// <summary>
/// Frame decoding and encoding as the server does them per request: the connection copies the frame into a
/// pooled array and reads the request header (ClientConnection.Dispatch), the core decodes the body
/// (Request.Read), and the reply is encoded with its header into the connection's output (FrameEncoder).
/// </summary>
[MemoryDiagnoser]
public class FrameBenchmarks
{
    private const string Path = "/config/orders/ConnectionStrings/key-0000004242";
    private readonly ArrayBufferWriter<byte> _scratch = new(256);
    private readonly ArrayBufferWriter<byte> _output = new(4096);
    private byte[] _getDataFrame = [];
    private byte[] _setDataFrame = [];
    private byte[] _createFrame = [];
    private GetDataResponse _getDataReply = null!;
    private StatResponse _setDataReply = null!;

    [Params(100, 1024)]
    public int DataSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var data = new byte[DataSize];
        new Random(1).NextBytes(data);
        _getDataFrame = Frame(OpCode.GetData, new GetDataRequest(Path, Watch: true));
        _setDataFrame = Frame(OpCode.SetData, new SetDataRequest(Path, data, -1));
        _createFrame = Frame(OpCode.Create, new CreateRequest(Path, data, Acl.OpenAclUnsafe, (int)CreateMode.Persistent));
        var stat = new Stat(0x1_0000_0042, 0x1_0000_0099, 1_700_000_000_000, 1_700_000_100_000, 7, 0, 0, 0, DataSize, 0, 0x1_0000_0042);
        _getDataReply = new GetDataResponse(data, stat);
        _setDataReply = new StatResponse(stat);
    }

    [Benchmark(Description = "decode getData (header + body)")]
    public int DecodeGetData() => Decode(_getDataFrame);

    [Benchmark(Description = "decode setData (header + body)")]
    public int DecodeSetData() => Decode(_setDataFrame);

    [Benchmark(Description = "decode create (header + body)")]
    public int DecodeCreate() => Decode(_createFrame);

    [Benchmark(Description = "encode getData reply")]
    public int EncodeGetDataReply()
    {
        _output.ResetWrittenCount();
        FrameEncoder.WriteReply(_output, _scratch, new ReplyHeader(42, 0x1_0000_0099, ErrorCode.Ok), _getDataReply);
        return _output.WrittenCount;
    }

    [Benchmark(Description = "encode setData reply")]
    public int EncodeSetDataReply()
    {
        _output.ResetWrittenCount();
        FrameEncoder.WriteReply(_output, _scratch, new ReplyHeader(42, 0x1_0000_0099, ErrorCode.Ok), _setDataReply);
        return _output.WrittenCount;
    }

    [Benchmark(Description = "encode notification")]
    public int EncodeNotification()
    {
        _output.ResetWrittenCount();
        FrameEncoder.WriteNotification(_output, _scratch, -1, new WatcherEvent(EventType.NodeDataChanged, KeeperState.SyncConnected, Path));
        return _output.WrittenCount;
    }

    /// <summary>What a request costs before it reaches the state machine: copy out of the pipe, header, body.</summary>
    private static int Decode(byte[] frame)
    {
        var length = BinaryPrimitives.ReadInt32BigEndian(frame);
        var bytes = ArrayPool<byte>.Shared.Rent(length);
        frame.AsSpan(4, length).CopyTo(bytes);
        var headerReader = new JuteReader(bytes.AsSpan(0, RequestHeader.Size));
        var header = RequestHeader.Read(ref headerReader);
        var bodyReader = new JuteReader(bytes.AsSpan(RequestHeader.Size, length - RequestHeader.Size));
        var request = Request.Read(header.Type, ref bodyReader);
        ArrayPool<byte>.Shared.Return(bytes);
        return request is null ? -1 : header.Xid;
    }

    private static byte[] Frame(OpCode type, Request request)
    {
        var body = new ArrayBufferWriter<byte>();
        var writer = new JuteWriter(body);
        new RequestHeader(42, type).Write(writer);
        request.Write(writer);
        var frame = new byte[4 + body.WrittenCount];
        BinaryPrimitives.WriteInt32BigEndian(frame, body.WrittenCount);
        body.WrittenSpan.CopyTo(frame.AsSpan(4));
        return frame;
    }
}
