using BenchmarkDotNet.Attributes;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Server.DataTree;
using ConfigCenter.Server.Pipeline;

namespace ConfigCenter.Micro.Benchmarks;

/// <summary>
/// Tree lookup in a ZkDataTree of 100,000 znodes (/app-00 to /app-99, each with 1,000 children of 100 bytes),
/// built by applying create transactions as the server does: a lookup by path, and getData and getChildren
/// answered by the server's read handler (ACL check and response included, its encoding not).
/// </summary>
[MemoryDiagnoser]
public class TreeBenchmarks
{
    private const int Parents = 100;
    private const int ChildrenPerParent = 1000;
    private const int Lookups = 1024;
    private readonly ZkDataTree _tree = new();
    private readonly BenchConnection _connection = new();
    private ReadRequestHandler _reads = null!;
    private string[] _paths = [];
    private GetDataRequest[] _getData = [];
    private GetChildrenRequest _bigParent = null!;
    private GetChildrenRequest _root = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var data = new byte[100];
        long zxid = 0;
        for (var parent = 0; parent < Parents; parent++)
        {
            Create($"/app-{parent:D2}", data, ++zxid);
            for (var child = 0; child < ChildrenPerParent; child++) Create($"/app-{parent:D2}/key-{child:D6}", data, ++zxid);
        }

        var random = new Random(1);
        _paths = Enumerable.Range(0, Lookups).Select(_ => $"/app-{random.Next(Parents):D2}/key-{random.Next(ChildrenPerParent):D6}").ToArray();
        _getData = _paths.Select(path => new GetDataRequest(path, Watch: false)).ToArray();
        _bigParent = new GetChildrenRequest("/app-42", Watch: false);
        _root = new GetChildrenRequest("/", Watch: false);
        _reads = new ReadRequestHandler(_tree);
        if (_tree.NodeCount != Parents * (ChildrenPerParent + 1) + 4) throw new InvalidOperationException($"unexpected tree size {_tree.NodeCount}");
    }

    [Benchmark(Description = "GetNode(path), 100k nodes")]
    public object? GetNode() => _tree.GetNode(_paths[_next++ & (Lookups - 1)]);

    [Benchmark(Description = "GetNode(missing path)")]
    public object? GetMissingNode() => _tree.GetNode("/app-42/key-missing");

    [Benchmark(Description = "getData via the read handler")]
    public object GetData() => _reads.Handle(_connection, OpCode.GetData, _getData[_next++ & (Lookups - 1)]);

    [Benchmark(Description = "getChildren of a node with 1,000 children")]
    public object GetChildrenOfBigParent() => _reads.Handle(_connection, OpCode.GetChildren, _bigParent);

    [Benchmark(Description = "getChildren of the root (101 children)")]
    public object GetChildrenOfRoot() => _reads.Handle(_connection, OpCode.GetChildren, _root);

    private void Create(string path, byte[] data, long zxid) =>
        _tree.Apply(new TxnHeader(1, (int)zxid, zxid, 1_700_000_000_000, OpCode.Create), new CreateTxn(path, data, Acl.OpenAclUnsafe, Ephemeral: false, ParentCVersion: -1));
}
