using System.Buffers;
using System.Text;
using ConfigCenter.LoadGenerator.Workloads;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Jute;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.LoadGenerator.Tests;

/// <summary>The tool writes request bodies from spans; they must be byte for byte what the Protocol records write.</summary>
public sealed class RequestBodiesTests
{
    private const string Path = "/loadgen/key-0000000042";
    private static readonly byte[] Data = [1, 2, 3, 250];

    [Fact]
    public void Create_matches_CreateRequest()
    {
        var expected = Write(w => new CreateRequest(Path, Data, Acl.OpenAclUnsafe, (int)CreateMode.PersistentSequential).Write(w));
        var actual = Write(w => RequestBodies.WriteCreate(w, Encoding.UTF8.GetBytes(Path), Data, CreateMode.PersistentSequential));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void SetData_matches_SetDataRequest()
    {
        var expected = Write(w => new SetDataRequest(Path, Data, -1).Write(w));
        var actual = Write(w => RequestBodies.WriteSetData(w, Encoding.UTF8.GetBytes(Path), Data, -1));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void GetData_matches_GetDataRequest()
    {
        var expected = Write(w => new GetDataRequest(Path, Watch: false).Write(w));
        var actual = Write(w => RequestBodies.WriteGetData(w, Encoding.UTF8.GetBytes(Path), watch: false));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Numbered_paths_have_ten_digits()
    {
        var paths = new NumberedPaths("/p/key-");
        var scratch = new byte[NumberedPaths.MaxPathBytes];
        Assert.Equal("/p/key-0000000042", Encoding.UTF8.GetString(paths.Format(42, scratch)));
        Assert.Equal("/p/key-0000000042", paths.PathOf(42));
    }

    private static byte[] Write(Action<JuteWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(new JuteWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }
}
